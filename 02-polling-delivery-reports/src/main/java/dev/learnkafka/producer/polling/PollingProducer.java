package dev.learnkafka.producer.polling;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A producer whose delivery reports wait in a queue until the application polls: node-rdkafka's
 * {@code Producer} with {@code dr_cb}, {@code poll()} and {@code setPollInterval()}, on top of the Java client.
 *
 * <p>Who runs what:
 * <ul>
 *   <li>{@link #send} runs on the caller's thread: it takes a slot in the queue and hands the record to the
 *       Java producer, which only appends it to a batch.</li>
 *   <li>The send's callback runs on the Java producer's I/O thread ({@code kafka-producer-network-thread}). It
 *       creates a {@link DeliveryReport} and puts it on the queue, nothing else: whatever a callback does there
 *       delays every other send of this producer.</li>
 *   <li>{@link #poll()} runs on the caller's thread and calls the listeners there; the poll interval runs it on
 *       one dedicated daemon thread, {@code delivery-report-poller | <name>}.</li>
 *   <li>{@link #close()} stops the interval, closes the Java producer (which sends what is buffered and runs
 *       every callback), then dispatches every report left on the caller's thread.</li>
 * </ul>
 *
 * <p>The queue is bounded. A slot is taken when a message is sent and given back when its report has been
 * dispatched, so the queue can never overflow and the I/O thread never waits for it. When every slot is
 * taken, {@code send} fails at once with {@link QueueFullException} ("Local: Queue full", as librdkafka does)
 * rather than block: blocking would hang a program that sends and polls on one thread. Reports are dispatched
 * in the order the callbacks ran: per partition that is offset order.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class PollingProducer<K, V> implements AutoCloseable {
    /** librdkafka's default {@code queue.buffering.max.messages}. */
    public static final int DEFAULT_QUEUE_CAPACITY = 100_000;
    /** Slots are given back in groups: one atomic update per report would contend with send() for nothing. */
    private static final int RELEASE_BATCH = 256;
    private static final Logger log = LoggerFactory.getLogger(PollingProducer.class);

    private final Producer<K, V> producer;
    private final String name;
    private final boolean reportValues;
    private final int capacity;
    private final BlockingQueue<DeliveryReport<K, V>> reports;
    /** Messages sent whose report has not been dispatched yet (in flight or queued); never above capacity. */
    private final AtomicInteger unreported = new AtomicInteger();
    private final List<DeliveryReportListener<K, V>> listeners = new CopyOnWriteArrayList<>();
    /** One poller at a time, so that reports are dispatched in the order they were queued. */
    private final ReentrantLock dispatching = new ReentrantLock();
    /**
     * Reports a poll took off the queue and has not dispatched yet; only used under {@link #dispatching}. When a
     * listener throws an Error (not an Exception) the poll ends there and the next poll goes on from here.
     */
    private final ArrayDeque<DeliveryReport<K, V>> taken = new ArrayDeque<>();
    private final Object lifecycle = new Object();
    private ScheduledExecutorService poller;
    private volatile Thread pollerThread;
    private ScheduledFuture<?> pollTask;
    private Duration pollInterval = Duration.ZERO;
    private volatile boolean closed;

    private PollingProducer(Builder<K, V> builder) {
        this.producer = builder.producer;
        this.name = builder.name;
        this.reportValues = builder.reportValues;
        this.capacity = builder.queueCapacity;
        this.reports = new ArrayBlockingQueue<>(capacity);
    }

    /** Starts building a polling producer around a Java producer, which it then owns and closes. */
    public static <K, V> Builder<K, V> wrap(Producer<K, V> producer) {
        return new Builder<>(producer);
    }

    /** Registers a listener: the blog's {@code producer.on('delivery-report', ...)}. */
    public PollingProducer<K, V> onDeliveryReport(DeliveryReportListener<K, V> listener) {
        listeners.add(listener);
        return this;
    }

    /**
     * Sends a message; its report will carry {@code opaque} ({@code produce(topic, partition, value, key,
     * timestamp, opaque)}). Returns once the message is in a batch: the outcome comes as exactly one report.
     *
     * @throws QueueFullException    when the queue has no slot left: nothing was sent, poll and send again
     * @throws IllegalStateException after {@link #close()}
     * @throws org.apache.kafka.common.KafkaException what the Java producer throws instead of calling back
     *                               (e.g. it is closed, or the send was interrupted): then there is no report
     */
    public void send(ProducerRecord<K, V> record, Object opaque) {
        if (closed) {
            throw new IllegalStateException("This producer is closed; no more messages can be sent.");
        }
        takeSlot();
        try {
            // tag::callback[]
            producer.send(record, (metadata, exception) -> {
                // the producer's I/O thread: record what happened and hand it over, nothing more
                DeliveryReport<K, V> report = DeliveryReport.of(record, opaque, reportValues, metadata, exception);
                if (!reports.offer(report)) { // cannot happen: send() took a slot for this report
                    log.error("The delivery report for opaque {} was dropped: the queue is full.", opaque);
                }
            });
            // end::callback[]
        } catch (RuntimeException e) {
            unreported.decrementAndGet(); // not sent: no report will come, the exception is its outcome
            throw e;
        }
    }

    /**
     * Dispatches the reports waiting in the queue to the listeners, on this thread, and returns how many. Does not
     * wait: reports of messages still in flight come with a later poll.
     */
    // tag::poll[]
    public int poll() {
        dispatching.lock();
        try {
            return dispatchQueued(null);
        } finally {
            dispatching.unlock();
        }
    }
    // end::poll[]

    /**
     * Like {@link #poll()}, but waits up to {@code maxWait} for a first report when none is queued
     * (librdkafka's {@code rd_kafka_poll(rk, timeout_ms)}).
     */
    public int poll(Duration maxWait) throws InterruptedException {
        dispatching.lockInterruptibly();
        try {
            // reports left by a poll that ended early need no waiting for
            DeliveryReport<K, V> first =
                    taken.isEmpty() ? reports.poll(maxWait.toNanos(), TimeUnit.NANOSECONDS) : null;
            return dispatchQueued(first);
        } finally {
            dispatching.unlock();
        }
    }

    /**
     * Polls every {@code interval} on a dedicated daemon thread, as {@code producer.setPollInterval(1000)} does;
     * {@link Duration#ZERO} stops it (then only {@link #poll()} dispatches). Off until this is called.
     * A listener's exception is logged and the thread goes on; an {@link Error} (a JVM failure or a failed
     * assertion) ends the interval, like any thread it escapes: {@link #poll()} and {@link #close()} still
     * dispatch every report.
     */
    // tag::interval[]
    public void setPollInterval(Duration interval) {
        if (interval.isNegative()) {
            throw new IllegalArgumentException("A poll interval cannot be negative: " + interval);
        }
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("This producer is closed.");
            }
            if (pollTask != null) {
                pollTask.cancel(false);
                pollTask = null;
            }
            pollInterval = interval;
            if (interval.isZero()) {
                if (poller != null) {
                    poller.shutdown();
                    poller = null;
                }
                return;
            }
            if (poller == null) {
                poller = Executors.newSingleThreadScheduledExecutor(task -> {
                    Thread thread = new Thread(task, "delivery-report-poller | " + name);
                    thread.setDaemon(true); // it never keeps the program alive on its own
                    pollerThread = thread;
                    return thread;
                });
            }
            long nanos = interval.toNanos();
            pollTask = poller.scheduleWithFixedDelay(this::pollOnSchedule, nanos, nanos, TimeUnit.NANOSECONDS);
        }
    }
    // end::interval[]

    /** The poll interval in force; zero when polling is off. */
    public Duration pollInterval() {
        synchronized (lifecycle) {
            return pollInterval;
        }
    }

    /** Reports waiting in the queue for a poll. */
    public int queuedReports() {
        return reports.size();
    }

    /** Messages sent whose report has not been dispatched yet: in flight, or waiting in the queue. */
    public int unreportedMessages() {
        return unreported.get();
    }

    public int queueCapacity() {
        return capacity;
    }

    /** The topic's partitions; the first call waits for metadata (the blog's {@code ready}). */
    public List<PartitionInfo> partitionsFor(String topic) {
        return producer.partitionsFor(topic);
    }

    /**
     * Sends everything buffered and waits until every callback ran: afterwards every report of the messages sent
     * so far is in the queue (not dispatched: that is still poll's job).
     */
    public void flush() {
        producer.flush();
    }

    /** {@link #close(Duration)} without a time limit. */
    @Override
    public void close() {
        close(Duration.ofMillis(Long.MAX_VALUE));
    }

    /**
     * Stops the poll interval, closes the Java producer and dispatches every report still queued, on this thread.
     * When {@code timeout} runs out the Java producer fails what it still holds: those messages are reported with
     * their error, so every message still gets exactly one report.
     */
    // tag::close[]
    public void close(Duration timeout) {
        ScheduledExecutorService stopping;
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            if (pollTask != null) {
                pollTask.cancel(false);
                pollTask = null;
            }
            stopping = poller;
            poller = null;
        }
        try {
            if (stopping != null) {
                stopping.shutdown();
                awaitPollerEnd(stopping, timeout);
            }
            // every callback has run when this returns: all the remaining reports are in the queue
            producer.close(timeout);
        } finally {
            int last = poll();
            log.debug("Closed; {} reports dispatched at close.", last);
        }
    }
    // end::close[]

    private void awaitPollerEnd(ScheduledExecutorService stopping, Duration timeout) {
        if (Thread.currentThread() == pollerThread) {
            return; // close() called by a listener on the poll thread: the thread ends when it returns
        }
        try {
            if (!stopping.awaitTermination(Math.min(timeout.toMillis(), Long.MAX_VALUE / 2), TimeUnit.MILLISECONDS)) {
                log.warn("The poll thread did not end within {}: a delivery-report listener is still busy.", timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void pollOnSchedule() {
        try {
            poll();
        } catch (RuntimeException e) {
            // listeners' exceptions are handled per report; this keeps the timer alive whatever else happens
            log.error("Polling for delivery reports failed; the next poll is in {}.", pollInterval, e);
        }
    }

    // tag::dispatch[]
    /** Dispatches {@code first} (if any) and what is queued now; later arrivals wait for the next poll. */
    private int dispatchQueued(DeliveryReport<K, V> first) {
        if (first != null) {
            taken.add(first);
        }
        reports.drainTo(taken); // one lock for the lot: the I/O thread is kept waiting as little as possible
        int count = 0;
        int toRelease = 0;
        try {
            DeliveryReport<K, V> report;
            while ((report = taken.poll()) != null) {
                count++;
                if (++toRelease == RELEASE_BATCH) {
                    unreported.addAndGet(-toRelease); // their slots are free again
                    toRelease = 0;
                }
                dispatch(report);
            }
        } finally {
            unreported.addAndGet(-toRelease);
        }
        return count;
    }

    private void dispatch(DeliveryReport<K, V> report) {
        for (DeliveryReportListener<K, V> listener : listeners) {
            try {
                listener.onDeliveryReport(report);
            } catch (RuntimeException e) {
                log.error("A delivery-report listener failed on the report for opaque {}: {}. The other "
                        + "listeners and reports are not affected.", report.opaque(), e.toString());
                log.debug("Where the listener failed:", e);
            }
        }
    }
    // end::dispatch[]

    // tag::slot[]
    private void takeSlot() {
        int taken;
        do {
            taken = unreported.get();
            if (taken >= capacity) {
                throw new QueueFullException(capacity);
            }
        } while (!unreported.compareAndSet(taken, taken + 1));
    }
    // end::slot[]

    /**
     * How to build a {@link PollingProducer}.
     *
     * @param <K> key type
     * @param <V> value type
     */
    public static final class Builder<K, V> {
        private final Producer<K, V> producer;
        private String name = "producer";
        private boolean reportValues;
        private int queueCapacity = DEFAULT_QUEUE_CAPACITY;

        private Builder(Producer<K, V> producer) {
            this.producer = producer;
        }

        /** Names the poll thread, {@code delivery-report-poller | <name>}; use the client.id. */
        public Builder<K, V> name(String name) {
            this.name = name;
            return this;
        }

        /** Reports carry the message's value: node-rdkafka's {@code dr_msg_cb: true}. Off by default. */
        public Builder<K, V> reportValues(boolean reportValues) {
            this.reportValues = reportValues;
            return this;
        }

        /** How many messages may be in flight or wait for a poll; {@value PollingProducer#DEFAULT_QUEUE_CAPACITY} by default. */
        public Builder<K, V> queueCapacity(int queueCapacity) {
            if (queueCapacity < 1) {
                throw new IllegalArgumentException("The queue needs room for at least one report.");
            }
            this.queueCapacity = queueCapacity;
            return this;
        }

        public PollingProducer<K, V> build() {
            return new PollingProducer<>(this);
        }
    }
}
