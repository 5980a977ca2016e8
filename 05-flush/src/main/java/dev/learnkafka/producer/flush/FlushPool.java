package dev.learnkafka.producer.flush;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * node-rdkafka's non-blocking {@code producer.flush(timeout, cb)} for the Java client.
 *
 * <p>{@code KafkaProducer.flush()} blocks its caller and has no timeout. node-rdkafka runs
 * {@code rd_kafka_flush(timeout)} on one of libuv's worker threads (4 unless {@code UV_THREADPOOL_SIZE} says
 * otherwise) and calls back on the event loop. This pool does the same with Java threads:
 * <ol>
 *   <li>{@link #flush(Duration)} queues the flush and returns at once;</li>
 *   <li>a free worker (one of {@code threads}) takes it up and calls {@code producer.flush()}; the timeout
 *       starts now, not when the flush was queued, as in libuv;</li>
 *   <li>the flush returns in time: the result is {@link FlushReport.Outcome#OK};</li>
 *   <li>the timeout passes first: the result is a {@link FlushTimeoutException} at that moment, and the worker is
 *       interrupted, which makes {@code KafkaProducer.flush()} throw {@code InterruptException}, so the worker is
 *       free for the next queued flush. The records stay in the producer: an interrupted flush only stops
 *       waiting, the producer still sends them and reports each one to its callback, once.</li>
 * </ol>
 * With fewer workers than flushes, later flushes wait in the queue for a worker: 8 flushes of 2000 ms on 4
 * workers against a broker that does not answer end in two waves, at about 2000 and 4000 ms.
 */
public final class FlushPool implements AutoCloseable {
    /** libuv's default thread pool size (UV_THREADPOOL_SIZE), which node-rdkafka's flush runs on. */
    public static final int DEFAULT_THREADS = 4;

    private static final Logger log = LoggerFactory.getLogger(FlushPool.class);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    private final Producer<?, ?> producer;
    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService timer;
    private final ExecutorService callbacks;
    private final AtomicInteger numbers = new AtomicInteger();

    /**
     * @param producer the producer to flush; the pool does not close it
     * @param threads  how many flushes may run at once (libuv: 4)
     */
    public FlushPool(Producer<?, ?> producer, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("A flush pool needs at least 1 thread, not " + threads + ".");
        }
        this.producer = Objects.requireNonNull(producer, "producer");
        // a fixed number of workers and an unbounded FIFO queue in front of them, like libuv's pool
        this.workers = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                named("flush-worker-"));
        this.timer = Executors.newSingleThreadScheduledExecutor(named("flush-timer"));
        // one thread runs the callbacks in order, as node's event loop does
        this.callbacks = Executors.newSingleThreadExecutor(named("flush-callback"));
    }

    public FlushPool(Producer<?, ?> producer) {
        this(producer, DEFAULT_THREADS);
    }

    /**
     * Queues a flush and returns at once. The future completes with the report when the flush completed in time,
     * or exceptionally with a {@link FlushTimeoutException} when its timeout passed, or a
     * {@link FlushFailedException} when {@code KafkaProducer.flush()} threw or the pool was closed first.
     * Dependent actions run on a pool thread: keep them short, or use {@link #flush(Duration, FlushCallback)}.
     *
     * @param timeout how long the flush may take once a worker runs it; must be positive
     */
    public CompletableFuture<FlushReport> flush(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("A flush timeout must be positive, not " + timeout + ".");
        }
        Job job = new Job(numbers.incrementAndGet(), timeout, System.nanoTime());
        try {
            workers.execute(job);
        } catch (RejectedExecutionException e) {
            job.notStarted("The flush pool is closed.");
        }
        return job.result;
    }

    /**
     * node-rdkafka's {@code producer.flush(timeout, cb)}: queues a flush, returns at once, and calls
     * {@code callback} once with the outcome, on the pool's callback thread (one thread, in the order the
     * outcomes were known).
     */
    public void flush(Duration timeout, FlushCallback callback) {
        Objects.requireNonNull(callback, "callback");
        flush(timeout).whenCompleteAsync((report, error) -> {
            Exception exception = unwrap(error);
            FlushReport known = report != null ? report : reportOf(exception);
            try {
                callback.onCompletion(known, exception);
            } catch (RuntimeException e) {
                log.error("A flush callback threw {}; the pool goes on.", e.toString());
            }
        }, callbacks);
    }

    /**
     * Stops the pool: queued flushes end as {@link FlushReport.Outcome#NOT_STARTED}, running ones are interrupted
     * (their records stay in the producer), and the callbacks already due still run. The producer stays open.
     */
    @Override
    public void close() {
        List<Runnable> queued = workers.shutdownNow();
        for (Runnable r : queued) {
            ((Job) r).notStarted("The flush pool was closed before a worker took this flush up.");
        }
        awaitTermination(workers, "flush workers");
        timer.shutdownNow();
        callbacks.shutdown();
        awaitTermination(callbacks, "flush callbacks");
    }

    private static void awaitTermination(ExecutorService executor, String what) {
        try {
            if (!executor.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("The {} did not stop within {} ms.", what, CLOSE_WAIT.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Exception unwrap(Throwable error) {
        Throwable cause = error;
        while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause == null || cause instanceof Exception) {
            return (Exception) cause;
        }
        return new KafkaException(cause);
    }

    private static FlushReport reportOf(Exception exception) {
        if (exception instanceof FlushTimeoutException timeout) {
            return timeout.report();
        }
        if (exception instanceof FlushFailedException failed) {
            return failed.report();
        }
        throw new IllegalStateException("A flush ended without a report: " + exception, exception);
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            String name = prefix.endsWith("-") ? prefix + count.incrementAndGet() : prefix;
            Thread t = new Thread(r, name);
            // a reader's main may end without closing the pool; these threads must not keep the JVM alive
            t.setDaemon(true);
            return t;
        };
    }

    private enum State { QUEUED, RUNNING, DONE }

    /** One flush: queued, then run by a worker, ended by the flush returning or by the timer, whichever is first. */
    private final class Job implements Runnable {
        private final int number;
        private final Duration timeout;
        private final long requestedNanos;
        private final CompletableFuture<FlushReport> result = new CompletableFuture<>();
        // guarded by this: who ends the flush first (worker, timer, or close) decides its one outcome
        private State state = State.QUEUED;
        private Thread worker;
        private long startedNanos;
        private ScheduledFuture<?> timeoutTask;

        Job(int number, Duration timeout, long requestedNanos) {
            this.number = number;
            this.timeout = timeout;
            this.requestedNanos = requestedNanos;
        }

        @Override
        public void run() {
            synchronized (this) {
                if (state != State.QUEUED) {
                    return;
                }
                state = State.RUNNING;
                worker = Thread.currentThread();
                startedNanos = System.nanoTime();
                try {
                    timeoutTask = timer.schedule(this::timeOut, timeout.toNanos(), TimeUnit.NANOSECONDS);
                } catch (RejectedExecutionException e) {
                    state = State.DONE;
                    fail("The flush pool is closing.", e, FlushReport.Outcome.NOT_STARTED);
                    return;
                }
            }
            log.debug("Flush {} started after waiting {} ms for a worker.", number,
                    TimeUnit.NANOSECONDS.toMillis(startedNanos - requestedNanos));
            // tag::worker[]
            RuntimeException failure = null;
            try {
                producer.flush();
            } catch (KafkaException | IllegalStateException e) {
                // an InterruptException (a KafkaException) is our timer's interrupt, handled below, or the pool
                // closing
                failure = e;
            }
            long ended;
            synchronized (this) {
                if (state != State.RUNNING) {
                    // The timer already reported the timeout and interrupted this thread; the interrupt was for
                    // that flush only (InterruptException set the flag again): clear it for the next one.
                    Thread.interrupted();
                    return;
                }
                state = State.DONE;
                ended = System.nanoTime();
                timeoutTask.cancel(false);
            }
            if (failure == null) {
                result.complete(report(ended, FlushReport.Outcome.OK));
            } else {
                fail("Flush " + number + " failed: " + failure.getMessage(), failure, FlushReport.Outcome.FAILED);
            }
            // end::worker[]
        }

        // tag::timeout[]
        /** The timer: the timeout passed while the flush still runs. */
        private void timeOut() {
            long ended;
            synchronized (this) {
                if (state != State.RUNNING) {
                    return;
                }
                state = State.DONE;
                // the end is when the worker is freed, before the next queued flush can start on it
                ended = System.nanoTime();
                // frees the worker now: KafkaProducer.flush() throws InterruptException
                worker.interrupt();
            }
            result.completeExceptionally(new FlushTimeoutException(report(ended, FlushReport.Outcome.TIMED_OUT)));
        }
        // end::timeout[]

        /** The pool closed before a worker took this flush up. */
        void notStarted(String why) {
            synchronized (this) {
                if (state != State.QUEUED) {
                    return;
                }
                state = State.DONE;
                startedNanos = System.nanoTime();
            }
            fail(why, new RejectedExecutionException(why), FlushReport.Outcome.NOT_STARTED);
        }

        private void fail(String message, Throwable cause, FlushReport.Outcome outcome) {
            FlushReport report = report(System.nanoTime(), outcome);
            result.completeExceptionally(new FlushFailedException(message, cause, report));
        }

        private FlushReport report(long endedNanos, FlushReport.Outcome outcome) {
            return new FlushReport(number, timeout, requestedNanos, startedNanos, endedNanos, outcome);
        }
    }
}
