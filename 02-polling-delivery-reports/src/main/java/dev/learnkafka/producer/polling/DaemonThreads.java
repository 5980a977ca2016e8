package dev.learnkafka.producer.polling;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads of the node-rdkafka ports (the poll thread here, stage 03's error monitor, stage 05's flush pool): named
 * so that a thread dump and the log say whose they are, and daemons, so that a program whose main ends without a
 * close is not kept alive by them.
 */
public final class DaemonThreads {
    private DaemonThreads() {
    }

    /** Daemon threads named {@code name}; when it ends with "-", numbered: {@code name} + 1, 2, ... */
    public static ThreadFactory named(String name) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, name.endsWith("-") ? name + count.incrementAndGet() : name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
