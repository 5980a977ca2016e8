package dev.learnkafka.producer.errors;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.PartitionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * node-rdkafka's {@code producer.on('event.error', ...)} for the Java client, which has no error event: it
 * retries and logs. The monitor turns the client's own signals into {@link ErrorEvent}s for listeners:
 * <ul>
 *   <li>failed deliveries and exceptions from {@code send()}/{@code partitionsFor()}, classified by exception
 *       class ({@link ErrorKind#of});</li>
 *   <li>the producer's metrics, read at every {@link #check()}: {@code connection-count},
 *       {@code connection-creation-total}, {@code connection-close-total}, {@code failed-authentication-total},
 *       {@code buffer-exhausted-total}, {@code record-retry-total};</li>
 *   <li>the producer's metadata: the leader of each partition it has written to.</li>
 * </ul>
 * Listeners run on the thread that calls {@link #check()} (the monitor's own thread after {@link #start}), never
 * on the producer's I/O thread, as node-rdkafka runs them on the thread that polls. Client-wide errors are
 * reported once per episode: a broker that stays down gives one CONNECTION_LOST and one BROKER_UNREACHABLE, then
 * one RECOVERED when it is back. Failed deliveries are reported once per message.
 */
public final class ErrorMonitor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ErrorMonitor.class);
    private static final String GROUP = "producer-metrics";

    private final Producer<?, ?> producer;
    private final String bootstrapServers;
    private final Duration unreachableAfter;
    private final List<Consumer<ErrorEvent>> errorListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<ErrorEvent>> recoveryListeners = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<ErrorEvent> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong ownWaiting = new AtomicLong();
    private volatile LongSupplier waiting = ownWaiting::get;
    private final Set<String> watchedTopics = ConcurrentHashMap.newKeySet();
    private final Set<ErrorKind> reported = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> leaders = new HashMap<>();
    /** {@link System#nanoTime()}; a test's clock makes "unreachable after" exact. */
    private final LongSupplier nanoTime;
    private final long startedNanos;
    private ScheduledExecutorService thread;
    private final ExecutorService metadataThread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "error-monitor-metadata");
        t.setDaemon(true);
        return t;
    });
    private Future<?> leaderCheck;

    // what the last check saw; the checking thread writes them, callbacks read the volatile ones
    private volatile double creations;
    private double closes;
    private double authFailures;
    private double exhausted;
    private double retries;
    private volatile boolean lost;
    private long lostSinceNanos;
    private long unreachableSinceNanos = -1;

    /**
     * @param producer         the producer to watch; the monitor may be closed after it (it then only hands the
     *                         events still queued to the listeners)
     * @param bootstrapServers named in the messages
     * @param unreachableAfter how long no broker may answer while messages wait before BROKER_UNREACHABLE
     */
    public ErrorMonitor(Producer<?, ?> producer, String bootstrapServers, Duration unreachableAfter) {
        this(producer, bootstrapServers, unreachableAfter, System::nanoTime);
    }

    /** As above, with the time read from {@code nanoTime} instead of {@link System#nanoTime()} (for tests). */
    ErrorMonitor(Producer<?, ?> producer, String bootstrapServers, Duration unreachableAfter, LongSupplier nanoTime) {
        this.producer = producer;
        this.bootstrapServers = bootstrapServers;
        this.unreachableAfter = unreachableAfter;
        this.nanoTime = nanoTime;
        this.startedNanos = nanoTime.getAsLong();
    }

    /** Adds a listener for errors: node-rdkafka's {@code producer.on('event.error', listener)}. */
    public ErrorMonitor onError(Consumer<ErrorEvent> listener) {
        errorListeners.add(listener);
        return this;
    }

    /** Adds a listener for the event that says a lost connection is back. */
    public ErrorMonitor onRecovery(Consumer<ErrorEvent> listener) {
        recoveryListeners.add(listener);
        return this;
    }

    /** Checks every {@code interval} on a thread of its own (node-rdkafka's poll interval for events). */
    public ErrorMonitor start(Duration interval) {
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "error-monitor");
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(this::checkSafely, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /**
     * Wraps a send's callback: the message counts as waiting until its callback runs, and a failure becomes
     * an error event as well as the callback's exception. When {@code send()} itself throws, hand the exception
     * to the returned callback ({@code cb.onCompletion(null, e)}) so that the message still gets its one outcome.
     */
    // tag::track[]
    public Callback track(ProducerRecord<?, ?> record, Callback callback) {
        ownWaiting.incrementAndGet();
        watch(record.topic());
        return (metadata, exception) -> {
            ownWaiting.decrementAndGet();
            deliveryOutcome(record.topic(), metadata == null ? -1 : metadata.partition(), exception);
            if (callback != null) {
                callback.onCompletion(metadata, exception);
            }
        };
    }
    // end::track[]

    /**
     * Tells the monitor what became of one message, when the application has its own callbacks or delivery
     * reports instead of {@link #track}: a failure becomes an error event.
     *
     * @param partition the partition the message went to; negative when it never got one (the metadata wait ran
     *                  out)
     * @param error     null when the message was written
     */
    public void deliveryOutcome(String topic, int partition, Exception error) {
        if (error == null) {
            watch(topic);
        } else {
            report(error, topic, partition < 0);
        }
    }

    /**
     * Counts waiting messages with the application's own counter (e.g. messages without a delivery report yet)
     * instead of the one {@link #track} keeps.
     */
    public ErrorMonitor countWaitingWith(LongSupplier waitingMessages) {
        this.waiting = waitingMessages;
        return this;
    }

    /** Watches the leaders of this topic's partitions (the monitor learns the topics from the sends). */
    public void watch(String topic) {
        watchedTopics.add(topic);
    }

    /** Reports an exception thrown by {@code partitionsFor(topic)} (or any metadata call about the topic). */
    public void metadataFailed(String topic, Exception exception) {
        report(exception, topic, true);
    }

    /** Messages handed to send() whose callback has not run yet. */
    public long waiting() {
        return waiting.getAsLong();
    }

    /** True once a fatal event was reported: the application should stop sending. */
    public boolean fatalErrorSeen() {
        return reported.contains(ErrorKind.AUTHENTICATION) || reported.contains(ErrorKind.AUTHORIZATION);
    }

    /**
     * Reads the producer's metrics and metadata, turns what changed into events, and hands every queued event
     * to the listeners on this thread: node-rdkafka's {@code poll()} for {@code event.error}.
     */
    public synchronized void check() {
        try {
            readSignals();
        } catch (RuntimeException e) {
            // e.g. the producer was closed: the events already queued still reach the listeners
            log.debug("Could not read the producer's metrics: {}", e.toString());
        }
        dispatch();
    }

    private void readSignals() {
        Map<MetricName, ? extends Metric> metrics = producer.metrics();
        checkCounters(metrics);
        if (!fatalErrorSeen()) {
            // after a failed login every new connection is closed again: that is not an outage and a recovery
            checkConnections(metrics);
        }
        if (!metadataThread.isShutdown() && (leaderCheck == null || leaderCheck.isDone())) {
            // partitionsFor() blocks up to max.block.ms when the topic fell out of the metadata (a broker outage
            // makes the client re-bootstrap): it runs on a thread of its own so that the checks go on meanwhile
            leaderCheck = metadataThread.submit(this::checkLeaders);
        }
    }

    private void dispatch() {
        ErrorEvent event;
        while ((event = queue.poll()) != null) {
            for (Consumer<ErrorEvent> listener : event.isRecovery() ? recoveryListeners : errorListeners) {
                try {
                    listener.accept(event);
                } catch (RuntimeException e) {
                    log.warn("An error listener failed on {}: {}. The other listeners still get it.", event.kind(),
                            e.toString());
                }
            }
        }
    }

    /** Stops the monitor's thread and hands the events still queued to the listeners. */
    @Override
    public void close() {
        metadataThread.shutdownNow();
        if (thread != null) {
            thread.shutdownNow();
            try {
                thread.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        checkSafely();
    }

    private void checkSafely() {
        try {
            check();
        } catch (RuntimeException e) {
            // a listener's bug or a closed producer must not end the monitoring thread silently
            log.warn("The error monitor's check failed: {}", e.toString());
        }
    }

    // tag::connections[]
    private void checkConnections(Map<MetricName, ? extends Metric> metrics) {
        double open = value(metrics, "connection-count");
        double created = value(metrics, "connection-creation-total");
        double closed = value(metrics, "connection-close-total");
        long now = nanoTime.getAsLong();
        if (closed > closes && creations > 0 && !lost) {
            // a connection that was up went away: a broker stopped, or the network between us broke
            lost = true;
            lostSinceNanos = now;
            emit(ErrorKind.CONNECTION_LOST, "Lost a connection to a broker of " + bootstrapServers
                    + " (connection-close-total " + (long) closed + "); the client reconnects and retries by itself.",
                    null);
        } else if (lost && created > creations && open > 0 && closed == closes) {
            // a new connection was made since and none broke in this interval: the broker answers again
            lost = false;
            unreachableSinceNanos = -1;
            reported.remove(ErrorKind.BROKER_UNREACHABLE);
            reported.remove(ErrorKind.CONNECTION_LOST);
            queue.add(ErrorEvent.of(ErrorKind.RECOVERED, "Connected to " + bootstrapServers + " again after "
                    + TimeUnit.NANOSECONDS.toMillis(now - lostSinceNanos) + " ms; waiting messages are sent now.",
                    null));
        }
        boolean neverConnected = created == 0;
        if ((lost || neverConnected) && open == 0 && waiting.getAsLong() > 0) {
            if (unreachableSinceNanos < 0) {
                unreachableSinceNanos = lost ? lostSinceNanos : Math.max(startedNanos, now);
            }
            long downFor = now - unreachableSinceNanos;
            if (downFor >= unreachableAfter.toNanos() && reported.add(ErrorKind.BROKER_UNREACHABLE)) {
                long count = waiting.getAsLong();
                queue.add(ErrorEvent.of(ErrorKind.BROKER_UNREACHABLE, "No broker reachable at " + bootstrapServers
                        + " for " + TimeUnit.NANOSECONDS.toMillis(downFor) + " ms while " + messages(count)
                        + (count == 1 ? " waits" : " wait") + "; the client keeps trying until delivery.timeout.ms "
                        + "runs out for each message.", null));
            }
        }
        creations = created;
        closes = closed;
    }
    // end::connections[]

    private void checkCounters(Map<MetricName, ? extends Metric> metrics) {
        double auth = value(metrics, "failed-authentication-total");
        if (auth > authFailures) {
            emit(ErrorKind.AUTHENTICATION, "Authentication failed at " + bootstrapServers
                    + " (failed-authentication-total " + (long) auth + "): the broker rejects this client's "
                    + "credentials; check sasl.jaas.config / security.protocol. Retrying will not help.", null);
        }
        authFailures = auth;
        double full = value(metrics, "buffer-exhausted-total");
        if (full > exhausted) {
            emit(ErrorKind.BUFFER_EXHAUSTED, ((long) (full - exhausted)) + " send() calls found buffer.memory full "
                    + "for max.block.ms and failed (buffer-exhausted-total " + (long) full + "): messages are produced "
                    + "faster than the brokers take them.", null);
        } else {
            reported.remove(ErrorKind.BUFFER_EXHAUSTED); // the next time the buffer fills is a new episode
        }
        exhausted = full;
        double retried = value(metrics, "record-retry-total");
        if (retried > retries) {
            queue.add(ErrorEvent.of(ErrorKind.RETRYING, "The client resent " + messages((long) (retried - retries))
                    + " (record-retry-total " + (long) retried + "), e.g. after NOT_LEADER_OR_FOLLOWER "
                    + "or a timeout; idempotence keeps them from being written twice.", null));
        }
        retries = retried;
    }

    // tag::leaders[]
    private void checkLeaders() {
        for (String topic : watchedTopics) {
            List<PartitionInfo> partitions;
            try {
                // a topic in the producer's metadata cache answers at once; else this waits up to max.block.ms
                partitions = producer.partitionsFor(topic);
            } catch (KafkaException e) {
                continue;
            }
            for (PartitionInfo p : partitions) {
                String key = p.topic() + "-" + p.partition();
                Integer leader = p.leader() == null ? null : p.leader().id();
                Integer before = leaders.put(key, leader);
                if (before != null && !before.equals(leader)) {
                    queue.add(ErrorEvent.of(ErrorKind.LEADER_CHANGED, "The leader of partition " + key
                            + " moved from broker " + before + " to " + (leader == null ? "none (election running)"
                            : "broker " + leader) + "; the client sends there now.", null));
                }
            }
        }
    }
    // end::leaders[]

    private void report(Throwable exception, String topic, boolean metadataMissing) {
        boolean connected = creations > 0 && !lost;
        ErrorKind kind = ErrorKind.of(exception, metadataMissing, connected);
        String text = switch (kind) {
            case UNKNOWN_TOPIC -> "Topic " + topic + " does not exist at " + bootstrapServers
                    + " and the broker does not create it (auto.create.topics.enable=false): create it first. "
                    + exception.getMessage();
            case BROKER_UNREACHABLE -> "No broker at " + bootstrapServers + " gave metadata for topic " + topic
                    + ": " + exception.getMessage();
            case AUTHENTICATION -> "Authentication failed at " + bootstrapServers + ": " + exception.getMessage()
                    + " Retrying will not help; check sasl.jaas.config / security.protocol.";
            case AUTHORIZATION -> "Not authorised: " + exception.getMessage();
            case BUFFER_EXHAUSTED -> "send() found buffer.memory full for max.block.ms: messages are produced faster "
                    + "than the brokers take them. " + exception.getMessage();
            default -> "A message to " + topic + " was not delivered: " + exception;
        };
        boolean perMessage = switch (kind) {
            case RECORD_TOO_LARGE, SERIALIZATION, DELIVERY_TIMEOUT, DELIVERY_FAILED, LEADER_CHANGED -> true;
            default -> false;
        };
        if (perMessage) {
            queue.add(ErrorEvent.of(kind, text, exception));
        } else {
            emit(kind, text, exception);
        }
    }

    /** Queues a client-wide event once per episode. */
    private void emit(ErrorKind kind, String message, Throwable cause) {
        if (reported.add(kind)) {
            queue.add(ErrorEvent.of(kind, message, cause));
        }
    }

    private static String messages(long n) {
        return n == 1 ? "1 message" : n + " messages";
    }

    private static double value(Map<MetricName, ? extends Metric> metrics, String name) {
        for (var entry : metrics.entrySet()) {
            MetricName metric = entry.getKey();
            if (metric.name().equals(name) && metric.group().equals(GROUP)
                    && entry.getValue().metricValue() instanceof Double d) {
                return d;
            }
        }
        return 0;
    }
}
