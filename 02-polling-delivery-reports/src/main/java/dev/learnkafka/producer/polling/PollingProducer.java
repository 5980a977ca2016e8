package dev.learnkafka.producer.polling;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A producer whose delivery reports wait in a queue until the application polls: node-rdkafka's
 * {@code Producer} with {@code dr_cb}, {@code poll()} and {@code setPollInterval()}, on top of the Java client.
 *
 * <ul>
 *   <li>{@link #send} (your thread) takes a slot of the bounded queue, or fails at once with
 *       {@link QueueFullException} ("Local: Queue full") when none is left, and hands the record to the Java
 *       producer.</li>
 *   <li>The send's callback (the Java producer's I/O thread) only puts a {@link DeliveryReport} on the queue.</li>
 *   <li>{@link #poll()} (your thread, or the poll-interval thread {@code delivery-report-poller | <name>})
 *       hands the queued reports to the listeners in the order the callbacks ran, and frees their slots.</li>
 *   <li>{@link #close()} closes the Java producer (every callback runs) and dispatches every report left.</li>
 * </ul>
 *
 * Why it is built this way (a slot per message, failing instead of blocking, one poller at a time) is on the
 * page docs/02-polling-delivery-reports-under-the-hood.md.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class PollingProducer<K, V> implements AutoCloseable {
    /** librdkafka's default {@code queue.buffering.max.messages}. */
    public static final int DEFAULT_QUEUE_CAPACITY = 100_000;
    private static final Logger log = LoggerFactory.getLogger(PollingProducer.class);

    private final Producer<K, V> producer;
    private final String name;
    private final boolean reportValues;
    private final int capacity;
    private final BlockingQueue<DeliveryReport<K, V>> reports;
    /** One permit per message that may still be sent; a report gives its permit back once dispatched. */
    private final Semaphore slots;
    private final List<DeliveryReportListener<K, V>> listeners = new CopyOnWriteArrayList<>();
    /** One poller at a time: reports are dispatched in the order they were queued. */
    private final Object dispatching = new Object();
    private ScheduledExecutorService poller;
    private Duration pollInterval = Duration.ZERO;
    private volatile boolean closed;
    /** Notified after each dispatched report, for {@link #awaitReports}; only while someone waits. */
    private final Object reported = new Object();
    private volatile int awaiting;
    /** The first report that said a send timed out; see {@link #firstTimeout()}. */
    private volatile TimeoutException firstTimeout;

    PollingProducer(Producer<K, V> producer, String name, boolean reportValues, int capacity) {
        this.producer = producer;
        this.name = name;
        this.reportValues = reportValues;
        this.capacity = capacity;
        this.reports = new ArrayBlockingQueue<>(capacity);
        this.slots = new Semaphore(capacity);
    }

    /** Starts building a polling producer around a Java producer, which it then owns and closes. */
    public static <K, V> PollingProducerBuilder<K, V> wrap(Producer<K, V> producer) {
        return new PollingProducerBuilder<>(producer);
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
    // tag::send[]
    public void send(ProducerRecord<K, V> record, Object opaque) {
        if (closed) {
            throw new IllegalStateException("This producer is closed; no more messages can be sent.");
        }
        if (!slots.tryAcquire()) { // in flight or waiting for a poll: as many as the queue holds
            throw new QueueFullException(capacity);
        }
        try {
            // the callback runs on the producer's I/O thread: it records what happened and hands it over, nothing
            // more (offer cannot fail: this message holds a slot)
            producer.send(record, (metadata, exception) -> {
                if (exception instanceof TimeoutException timeout && firstTimeout == null) {
                    firstTimeout = timeout;
                }
                reports.offer(DeliveryReport.of(record, opaque, reportValues, metadata, exception));
            });
        } catch (RuntimeException e) {
            slots.release(); // not sent: no report will come, the exception is its outcome
            throw e;
        }
    }
    // end::send[]

    /**
     * Sends; when the queue is full ("Local: Queue full"), polls on this thread to make room and sends again: what
     * node-rdkafka programs do when {@code produce()} throws that error.
     */
    public void sendWhenRoom(ProducerRecord<K, V> record, Object opaque) throws InterruptedException {
        while (true) {
            try {
                send(record, opaque);
                return;
            } catch (QueueFullException e) {
                poll(Duration.ofMillis(100)); // dispatches reports here, which frees their slots
            }
        }
    }

    /**
     * Dispatches the reports queued now to the listeners, on this thread, and returns how many. Does not wait:
     * reports of messages still in flight come with a later poll.
     */
    public int poll() {
        synchronized (dispatching) {
            return dispatchQueued();
        }
    }

    private int dispatchQueued() {
        int queued = reports.size(); // what arrives while we dispatch waits for the next poll
        int dispatched = 0;
        DeliveryReport<K, V> report;
        while (dispatched < queued && (report = reports.poll()) != null) {
            dispatch(report);
            dispatched++;
        }
        return dispatched;
    }

    // tag::dispatch[]
    private void dispatch(DeliveryReport<K, V> report) {
        try {
            for (DeliveryReportListener<K, V> listener : listeners) {
                try {
                    listener.onDeliveryReport(report);
                } catch (RuntimeException e) { // one listener's bug stops neither the others nor the poll
                    log.error("A delivery-report listener failed on the report for opaque {}: {}",
                            report.opaque(), e.toString());
                }
            }
        } finally {
            slots.release(); // dispatched: its slot is free for the next send
            if (awaiting > 0) {
                synchronized (reported) {
                    reported.notifyAll();
                }
            }
        }
    }
    // end::dispatch[]

    /**
     * Waits until every message sent so far has had its report dispatched (by the poll thread, or by polls on
     * other threads), at most {@code timeout}; does not poll itself. True when none is left unreported. A program
     * calls it before {@link #close()} so that the reports reach the listeners while the poll interval runs.
     */
    public boolean awaitReports(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (reported) {
            awaiting++;
            try {
                for (long left = timeout.toNanos(); unreportedMessages() > 0; left = deadline - System.nanoTime()) {
                    if (left <= 0) {
                        return false;
                    }
                    TimeUnit.NANOSECONDS.timedWait(reported, left);
                }
                return true;
            } finally {
                awaiting--;
            }
        }
    }

    /**
     * Like {@link #poll()}, but waits up to {@code maxWait} for a first report when none is queued
     * (librdkafka's {@code rd_kafka_poll(rk, timeout_ms)}).
     */
    public int poll(Duration maxWait) throws InterruptedException {
        synchronized (dispatching) {
            DeliveryReport<K, V> first = reports.poll(maxWait.toNanos(), TimeUnit.NANOSECONDS);
            if (first == null) {
                return 0;
            }
            dispatch(first);
            return 1 + dispatchQueued();
        }
    }

    /**
     * Polls every {@code interval} on a daemon thread, {@code delivery-report-poller | <name>}, as
     * {@code producer.setPollInterval(1000)} does; {@link Duration#ZERO} stops it. Off until this is called.
     */
    // tag::interval[]
    public synchronized void setPollInterval(Duration interval) {
        if (interval.isNegative()) {
            throw new IllegalArgumentException("A poll interval cannot be negative: " + interval);
        }
        if (closed) {
            throw new IllegalStateException("This producer is closed.");
        }
        stopPolling();
        pollInterval = interval;
        if (!interval.isZero()) {
            // a daemon: it never keeps the program alive on its own
            poller = Executors.newSingleThreadScheduledExecutor(
                    DaemonThreads.named("delivery-report-poller | " + name));
            poller.scheduleWithFixedDelay(this::poll, interval.toNanos(), interval.toNanos(), TimeUnit.NANOSECONDS);
        }
    }
    // end::interval[]

    private void stopPolling() {
        if (poller != null) {
            poller.shutdown(); // cancels the next polls; one under way finishes (close() waits for it: dispatching)
            poller = null;
        }
    }

    /** The poll interval in force; zero when polling is off. */
    public synchronized Duration pollInterval() {
        return pollInterval;
    }

    /** Reports waiting in the queue for a poll. */
    public int queuedReports() {
        return reports.size();
    }

    /** Messages sent whose report has not been dispatched yet: in flight, or waiting in the queue. */
    public int unreportedMessages() {
        return capacity - slots.availablePermits();
    }

    public int queueCapacity() {
        return capacity;
    }

    /**
     * The first send that timed out, as its report says (a topic's metadata that did not come within
     * {@code max.block.ms}, a full buffer, or a batch that expired), or null. Java's {@code send()} blocks up to
     * {@code max.block.ms} while the topic's metadata is missing, where node-rdkafka's {@code produce()} never
     * blocks: a program that goes on sending after this waits that long for each message.
     */
    public TimeoutException firstTimeout() {
        return firstTimeout;
    }

    /** The topic's partitions; the first call waits for metadata (the blog's {@code ready}). */
    public List<PartitionInfo> partitionsFor(String topic) {
        return producer.partitionsFor(topic);
    }

    /**
     * Sends everything buffered and waits until every callback ran: afterwards the reports of all messages sent
     * so far are in the queue. flush() itself dispatches none; the next {@link #poll()} (or the poll interval, or
     * {@link #close()}) does. Stage 05's flush ({@code FlushPool}) calls this and then {@code poll()} for you, so
     * there the reports are dispatched by the flush, with no {@code poll()} by the application, as in the blog.
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
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            stopPolling();
        }
        // after Ctrl-C this thread may come here interrupted: the Java producer's close would log that as an error
        // and stop waiting; close as usual, and keep the news for the caller
        boolean interrupted = Thread.interrupted();
        try {
            producer.close(timeout); // sends what is buffered; every callback has run when it returns
        } finally {
            poll(); // the reports left, on this thread
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
    // end::close[]
}
