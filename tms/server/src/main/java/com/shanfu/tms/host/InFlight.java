package com.shanfu.tms.host;

import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/** Requests taken from the channel and not answered yet: what a stopping host waits for before it closes the port. */
@Component
class InFlight {

    private final AtomicInteger count = new AtomicInteger();

    void started() {
        count.incrementAndGet();
    }

    void finished() {
        count.decrementAndGet();
    }

    int count() {
        return count.get();
    }
}
