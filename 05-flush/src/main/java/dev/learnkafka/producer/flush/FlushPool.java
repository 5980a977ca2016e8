package dev.learnkafka.producer.flush;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.learnkafka.producer.polling.DaemonThreads;
import dev.learnkafka.producer.polling.PollingProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * node-rdkafka's non-blocking {@code producer.flush(timeout, cb)} for stage 02's {@link PollingProducer}.
 *
 * <p>node-rdkafka runs {@code rd_kafka_flush(timeout)} on one of libuv's worker threads (4 unless
 * {@code UV_THREADPOOL_SIZE} says otherwise); it sends what is queued, serves the delivery reports as they arrive
 * (the {@code delivery-report} listeners run, no {@code poll()} needed), and the callback comes on the event loop.
 * This pool does the same with Java threads:
 * <ol>
 *   <li>{@link #flush(Duration, FlushCallback)} queues the flush and returns at once;</li>
 *   <li>a free worker (one of {@code threads}) takes it up: {@code producer.flush()}, then
 *       {@code producer.poll()}, so the listeners run on the worker, within the flush; the timeout starts when
 *       the worker takes the flush up, not when it was queued, as in libuv;</li>
 *   <li>the timeout passes first: the callback gets a {@link FlushTimeoutException} ("Local: Timed out") at that
 *       moment, and the worker is interrupted, which makes {@code flush()} throw {@code InterruptException}; it
 *       still dispatches the reports that arrived, then is free for the next queued flush. Nothing is lost: the
 *       records stay in the producer and each one still gets exactly one report later.</li>
 * </ol>
 * With fewer workers than flushes, later flushes wait in the queue: 8 flushes of 2000 ms on 4 workers against a
 * broker that does not answer end in two waves, at about 2000 and 4000 ms. The callbacks run one at a time on
 * one {@code flush-callback} thread (node's event loop), in the order the outcomes were known.
 *
 * <p>Under the hood (docs/05-flush-under-the-hood.md): the threads and the bounded close are in
 * {@link PoolThreads}; a flush that throws or that the pool closes under has an outcome too (FAILED,
 * NOT_STARTED), so every flush gets exactly one callback.
 */
public final class FlushPool implements AutoCloseable {
    /** libuv's default thread pool size (UV_THREADPOOL_SIZE), which node-rdkafka's flush runs on. */
    public static final int DEFAULT_THREADS = 4;
    private static final Logger log = LoggerFactory.getLogger(FlushPool.class);

    private final PollingProducer<?, ?> producer;
    private final ExecutorService workers;
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("flush-timer"));
    private final ExecutorService callbacks = Executors.newSingleThreadExecutor(DaemonThreads.named("flush-callback"));
    private final AtomicInteger numbers = new AtomicInteger();

    /**
     * @param producer the producer to flush; the pool does not close it
     * @param threads  how many flushes may run at once (libuv: 4)
     */
    public FlushPool(PollingProducer<?, ?> producer, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("A flush pool needs at least 1 thread, not " + threads + ".");
        }
        this.producer = Objects.requireNonNull(producer, "producer");
        // tag::pool[]
        // a fixed number of workers and an unbounded FIFO queue in front of them: libuv's thread pool
        this.workers = Executors.newFixedThreadPool(threads, DaemonThreads.named("flush-worker-"));
        // end::pool[]
    }

    public FlushPool(PollingProducer<?, ?> producer) {
        this(producer, DEFAULT_THREADS);
    }

    /**
     * node-rdkafka's {@code producer.flush(timeout, cb)}: queues a flush, returns at once, and calls
     * {@code callback} once with the outcome, on the pool's {@code flush-callback} thread.
     *
     * @param timeout how long the flush may take once a worker runs it; must be positive
     * @throws java.util.concurrent.RejectedExecutionException after {@link #close()}
     */
    public void flush(Duration timeout, FlushCallback callback) {
        Objects.requireNonNull(callback, "callback");
        Job job = submit(timeout);
        job.result.whenCompleteAsync((report, error) -> {
            try {
                callback.onCompletion(job.report, (Exception) error);
            } catch (RuntimeException e) {
                log.error("A flush callback threw {}; the pool goes on.", e.toString());
            }
        }, callbacks);
    }

    /**
     * The same flush as a future: it completes with the report when the flush completed in time, or
     * exceptionally with a {@link FlushTimeoutException}, or a {@link FlushFailedException} when the flush threw
     * or the pool closed first.
     */
    public CompletableFuture<FlushReport> flush(Duration timeout) {
        return submit(timeout).result;
    }

    private Job submit(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("A flush timeout must be positive, not " + timeout + ".");
        }
        Job job = new Job(timeout);
        workers.execute(job); // after close(): RejectedExecutionException
        return job;
    }

    /**
     * Stops the pool: queued flushes end as NOT_STARTED, running ones are interrupted (FAILED; their records stay
     * in the producer), and the callbacks already due still run. The producer stays open.
     */
    @Override
    public void close() {
        for (Runnable queued : workers.shutdownNow()) {
            ((Job) queued).notStarted("the flush pool was closed before a worker took this flush up.");
        }
        PoolThreads.awaitTermination(workers, "flush workers");
        timer.shutdownNow();
        callbacks.shutdown();
        PoolThreads.awaitTermination(callbacks, "flush callbacks");
    }

    private enum State { QUEUED, RUNNING, DONE }

    /** One flush: queued, run by a worker, ended by the flush returning or by the timer, whichever is first. */
    private final class Job implements Runnable {
        final int number = numbers.incrementAndGet();
        final Duration timeout;
        final long requested = System.nanoTime();
        final CompletableFuture<FlushReport> result = new CompletableFuture<>();
        volatile FlushReport report;
        // guarded by this: who ends the flush first (worker, timer, or close) decides its one outcome
        private State state = State.QUEUED;
        private Thread worker;
        private long started;
        private ScheduledFuture<?> timeoutTask;

        Job(Duration timeout) {
            this.timeout = timeout;
        }

        @Override
        public void run() {
            synchronized (this) {
                if (state != State.QUEUED) {
                    return;
                }
                state = State.RUNNING;
                worker = Thread.currentThread();
                started = System.nanoTime();
                timeoutTask = timer.schedule(this::timeOut, timeout.toNanos(), TimeUnit.NANOSECONDS);
            }
            // tag::worker[]
            RuntimeException failure = null;
            try {
                producer.flush(); // sends what is buffered; returns once every callback ran, or the timer interrupts
            } catch (RuntimeException e) {
                failure = e; // InterruptException: the timer's (see timeOut), or the pool closing
            }
            boolean timedOut = stopTimer();
            try {
                producer.poll(); // the blog's flush point 2: the delivery-report listeners run here, on the worker
            } finally {
                if (!timedOut) {
                    end(failure == null ? FlushReport.Outcome.OK : FlushReport.Outcome.FAILED, failure);
                }
            }
            // end::worker[]
        }

        /** After flush(): false when the flush ended first; true when the timer did (its interrupt is cleared). */
        private synchronized boolean stopTimer() {
            if (state != State.RUNNING) {
                Thread.interrupted(); // the interrupt was for that flush only: not for the poll, not for the next
                return true;
            }
            state = State.DONE;
            timeoutTask.cancel(false);
            return false;
        }

        // tag::timeout[]
        /** The timer: the timeout passed while the flush still runs. */
        private void timeOut() {
            synchronized (this) {
                if (state != State.RUNNING) {
                    return;
                }
                state = State.DONE;
                report = report(FlushReport.Outcome.TIMED_OUT); // ends now, before the worker takes up the next
                worker.interrupt(); // frees the worker: the producer's flush() throws InterruptException
            }
            result.completeExceptionally(new FlushTimeoutException(report));
        }
        // end::timeout[]

        /** The pool closed before a worker took this flush up. */
        void notStarted(String why) {
            synchronized (this) {
                if (state != State.QUEUED) {
                    return;
                }
                state = State.DONE;
                started = System.nanoTime();
            }
            end(FlushReport.Outcome.NOT_STARTED, new RejectedExecutionException(why));
        }

        private void end(FlushReport.Outcome outcome, Exception cause) {
            report = report(outcome);
            if (cause == null) {
                result.complete(report);
            } else { // e.g. "Flush 3 failed: ..." or "Flush 3 not started: the flush pool was closed ..."
                result.completeExceptionally(new FlushFailedException("Flush " + number + " "
                        + FlushTimeline.describe(outcome) + ": " + cause.getMessage(), cause, report));
            }
        }

        private FlushReport report(FlushReport.Outcome outcome) {
            return new FlushReport(number, timeout, requested, started, System.nanoTime(), outcome);
        }
    }
}
