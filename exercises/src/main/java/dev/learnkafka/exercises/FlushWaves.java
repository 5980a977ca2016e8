package dev.learnkafka.exercises;

import java.time.Duration;
import java.util.List;

import dev.learnkafka.producer.flush.FlushReport;
import dev.learnkafka.producer.polling.PollingProducer;

/**
 * Exercise 10 (stage 05): flushes that time out on purpose, in waves, and a prediction of the waves from the
 * thread count. The page: docs/exercises/10-flush-waves.md
 */
public interface FlushWaves {

    /**
     * Asks a {@code FlushPool} of {@code threads} workers for {@code flushes} flushes at once, each with
     * {@code timeout}, without blocking on any one of them, then waits for all their callbacks and returns the
     * reports in the order the flushes were asked for. Closes the pool, never the producer.
     */
    List<FlushReport> flushAtOnce(PollingProducer<String, String> producer, int flushes, int threads, Duration timeout)
            throws InterruptedException;

    /**
     * When each flush ends if none can complete (the broker is gone): the i-th duration is the time from the
     * requests to the end of flush i+1.
     */
    List<Duration> predictEnds(int flushes, int threads, Duration timeout);
}
