package dev.learnkafka.producer.flush;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import dev.learnkafka.producer.polling.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Under the hood of {@link FlushPool}, not its lesson: threads with names you can find in a thread dump and the
 * log ({@code flush-worker-1}, {@code flush-timer}, {@code flush-callback}) that never keep the JVM alive, and a
 * close that waits a bounded time for them.
 */
final class PoolThreads {
    private static final Logger log = LoggerFactory.getLogger(PoolThreads.class);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    private PoolThreads() {
    }

    /** Daemon threads named {@code prefix} + 1, 2, ... when the prefix ends with "-", else {@code prefix}. */
    static ThreadFactory named(String prefix) {
        // a reader's main may end without closing the pool; these threads must not keep the JVM alive
        return DaemonThreads.named(prefix);
    }

    /** Waits up to 10 s for the executor's threads to end; says so when they did not. Keeps an interrupt. */
    static void awaitTermination(ExecutorService executor, String what) {
        try {
            if (!executor.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("The {} did not stop within {} ms.", what, CLOSE_WAIT.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
