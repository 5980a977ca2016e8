package dev.learnkafka.producer.flush;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Under the hood of {@link FlushPool}, not its lesson: a close that waits a bounded time for its threads
 * ({@code flush-worker-1}, {@code flush-timer}, {@code flush-callback}: named daemons, from {@code DaemonThreads}).
 */
final class PoolThreads {
    private static final Logger log = LoggerFactory.getLogger(PoolThreads.class);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    private PoolThreads() {
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
