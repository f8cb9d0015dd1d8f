package com.shanfu.tms.config;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Wakes the long polls of terminals that have new tasks, once the tasks are committed. Each waiting terminal has a
 * slot with a generation number: a poll notes the generation before it looks into the database and then waits for it
 * to change, so a signal that comes between the look and the wait is never lost. Local to this instance; tasks
 * created by another instance reach the waiters here through {@link PushWatcher}.
 */
@Component
class TaskSignals {

    /** The terminals waiting on this instance, with how many polls each holds and its generation. */
    private final ConcurrentMap<Long, Slot> slots = new ConcurrentHashMap<>();

    private final AtomicInteger waiting = new AtomicInteger();

    static final class Slot {
        private long generation;
        private int polls; // changed only inside the map's compute for this key
    }

    void signalAfterCommit(Long deviceId) {
        signalAfterCommit(List.of(deviceId));
    }

    /** Signals the terminals once the current transaction commits (at once without one). */
    void signalAfterCommit(Collection<Long> deviceIds) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    deviceIds.forEach(TaskSignals.this::signal);
                }
            });
        } else {
            deviceIds.forEach(this::signal);
        }
    }

    void signal(Long deviceId) {
        Slot s = slots.get(deviceId);
        if (s != null) {
            synchronized (s) {
                s.generation++;
                s.notifyAll();
            }
        }
    }

    /** A poll begins to wait: its slot, and the generation to wait past ({@link #await}). */
    Slot enter(Long deviceId) {
        Slot s = slots.compute(deviceId, (k, v) -> {
            Slot slot = v == null ? new Slot() : v;
            slot.polls++;
            return slot;
        });
        waiting.incrementAndGet();
        return s;
    }

    long generation(Slot s) {
        synchronized (s) {
            return s.generation;
        }
    }

    /** Waits until the slot's generation has moved past {@code seen} or the time is up; true when signalled. */
    boolean await(Slot s, long seen, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        synchronized (s) {
            while (s.generation == seen) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return false;
                }
                s.wait(left);
            }
            return true;
        }
    }

    void leave(Long deviceId) {
        slots.computeIfPresent(deviceId, (k, v) -> --v.polls == 0 ? null : v);
        waiting.decrementAndGet();
    }

    /** Long polls held on this instance now. */
    int waiting() {
        return waiting.get();
    }

    /** The terminals with a poll held on this instance. */
    Set<Long> waitingDevices() {
        return slots.keySet();
    }
}
