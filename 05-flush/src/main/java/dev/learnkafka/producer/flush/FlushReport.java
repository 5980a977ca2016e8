package dev.learnkafka.producer.flush;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * What happened to one flush handed to a {@link FlushPool}: when it was asked for, when a worker took it up, when
 * it ended, and how.
 *
 * <p>The times are {@link System#nanoTime()} readings, good for intervals only; {@link #startedMs(long)} and
 * {@link #endedMs(long)} turn them into milliseconds after an origin of the caller's choosing.
 *
 * @param number         1 for the pool's first flush, 2 for the next, ...
 * @param timeout        how long the flush could take once a worker ran it
 * @param requestedNanos when {@link FlushPool#flush(Duration)} was called
 * @param startedNanos   when a worker took it up and called {@code KafkaProducer.flush()} (for
 *                       {@link Outcome#NOT_STARTED}: when the pool gave up on it)
 * @param endedNanos     when the outcome was known: the flush returned, or its timeout passed
 * @param outcome        ok, timed out, failed, or never started
 */
public record FlushReport(int number, Duration timeout, long requestedNanos, long startedNanos, long endedNanos,
                          Outcome outcome) {

    /** How a flush ended. */
    public enum Outcome {
        /** Every record buffered when the flush began has its delivery outcome (delivered or failed). */
        OK,
        /** The timeout passed first; the worker was interrupted and freed; the records stay in the producer. */
        TIMED_OUT,
        /** {@code KafkaProducer.flush()} threw, e.g. the producer was closed. */
        FAILED,
        /** The pool was closed before a worker took the flush up. */
        NOT_STARTED
    }

    public boolean ok() {
        return outcome == Outcome.OK;
    }

    public boolean timedOut() {
        return outcome == Outcome.TIMED_OUT;
    }

    /** Time spent in the queue, waiting for a free worker. */
    public Duration waited() {
        return Duration.ofNanos(startedNanos - requestedNanos);
    }

    /** Time a worker spent on it. */
    public Duration flushing() {
        return Duration.ofNanos(endedNanos - startedNanos);
    }

    /** Milliseconds from {@code originNanos} (a {@link System#nanoTime()} reading) to the start. */
    public long startedMs(long originNanos) {
        return TimeUnit.NANOSECONDS.toMillis(startedNanos - originNanos);
    }

    /** Milliseconds from {@code originNanos} (a {@link System#nanoTime()} reading) to the end. */
    public long endedMs(long originNanos) {
        return TimeUnit.NANOSECONDS.toMillis(endedNanos - originNanos);
    }
}
