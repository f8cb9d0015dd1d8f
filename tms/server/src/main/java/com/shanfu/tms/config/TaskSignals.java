package com.shanfu.tms.config;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Wakes the long polls of terminals that have new tasks, once the tasks are committed. Local to this instance: a
 * terminal polling another instance finds its tasks by that instance's periodic look into the database.
 */
@Component
class TaskSignals {

    private final ConcurrentMap<Long, Object> monitors = new ConcurrentHashMap<>();

    void signalAfterCommit(Long deviceId) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    signal(deviceId);
                }
            });
        } else {
            signal(deviceId);
        }
    }

    void signal(Long deviceId) {
        Object m = monitors.get(deviceId);
        if (m != null) {
            synchronized (m) {
                m.notifyAll();
            }
        }
    }

    /** Waits until signalled or the time is up. */
    void await(Long deviceId, long millis) throws InterruptedException {
        Object m = monitors.computeIfAbsent(deviceId, k -> new Object());
        synchronized (m) {
            m.wait(millis);
        }
    }
}
