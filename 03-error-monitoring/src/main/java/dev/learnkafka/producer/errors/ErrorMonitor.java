package dev.learnkafka.producer.errors;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;

import dev.learnkafka.producer.polling.DaemonThreads;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * node-rdkafka's {@code producer.on('event.error', ...)} for the Java client, which has no error event: it retries
 * and logs. The monitor turns the client's own signals into {@link ErrorEvent}s for listeners:
 * <ol>
 *   <li>each failed message: a failed delivery ({@link #track}, {@link #deliveryOutcome}) or metadata wait
 *       ({@link #metadataFailed}) is an event of its exception's {@link ErrorKind};</li>
 *   <li>the producer's metrics, compared at every {@link #check()} with the last check's: connections lost, none
 *       for too long, and back; failed logins; a full buffer; retries;</li>
 *   <li>the partitions' leaders in the producer's metadata (under the hood: {@link LeaderWatch}).</li>
 * </ol>
 * Trouble of the whole client comes once per episode: a broker that stays down gives one CONNECTION_LOST and one
 * BROKER_UNREACHABLE, then one RECOVERED; the next outage is a new episode. A failed message comes once per
 * message. Listeners run on the thread that calls {@link #check()} (the monitor's own after {@link #start}), never
 * on the producer's I/O thread: node-rdkafka, too, hands out events on the thread that polls.
 */
public final class ErrorMonitor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ErrorMonitor.class);

    private final Producer<?, ?> producer;
    private final String servers;
    private final Duration unreachableAfter;
    private final LongSupplier nanoTime; // System.nanoTime; a test's clock makes "unreachable after" exact
    private final ErrorListeners listeners = new ErrorListeners(); // one listener's failure kept from the others
    private final ConcurrentLinkedQueue<ErrorEvent> queue = new ConcurrentLinkedQueue<>(); // check() empties it
    private final Set<ErrorKind> reported = ConcurrentHashMap.newKeySet(); // client-wide kinds of this episode
    private final AtomicLong ownWaiting = new AtomicLong();
    private volatile LongSupplier waiting = ownWaiting::get;
    private volatile Function<Properties, List<String>> offlineDisks = BrokerDisks::offline; // a test's answers
    private volatile Properties adminSettings; // set: a delivery timeout makes the monitor ask the brokers
    private final AtomicBoolean askedDisks = new AtomicBoolean(); // once per run: the answer will not change
    private final LeaderWatch leaders;
    private final ScheduledExecutorService thread =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("error-monitor"));

    // what the last check read, and the episode the client is in
    private volatile ProducerMetrics last = ProducerMetrics.NONE;
    private volatile boolean lost;    // a connection broke, and none has held since
    private volatile boolean producerClosing; // from now on the producer closes its connections itself
    private long downSinceNanos = -1; // since when no broker answers (while down)

    /**
     * @param producer         the producer to watch; the monitor may be closed after it
     * @param bootstrapServers named in the messages
     * @param unreachableAfter how long no broker may answer while messages wait before BROKER_UNREACHABLE
     */
    public ErrorMonitor(Producer<?, ?> producer, String bootstrapServers, Duration unreachableAfter) {
        this(producer, bootstrapServers, unreachableAfter, System::nanoTime);
    }

    /** As above, with the time read from {@code nanoTime} instead of {@link System#nanoTime()} (for tests). */
    ErrorMonitor(Producer<?, ?> producer, String bootstrapServers, Duration unreachableAfter, LongSupplier nanoTime) {
        this.producer = producer;
        this.servers = bootstrapServers;
        this.unreachableAfter = unreachableAfter;
        this.nanoTime = nanoTime;
        this.leaders = new LeaderWatch(producer, queue::add);
    }

    /** Adds a listener for errors: node-rdkafka's {@code producer.on('event.error', listener)}. */
    public ErrorMonitor onError(Consumer<ErrorEvent> listener) {
        listeners.onError(listener);
        return this;
    }

    /** Adds a listener for the event that says a lost connection is back. */
    public ErrorMonitor onRecovery(Consumer<ErrorEvent> listener) {
        listeners.onRecovery(listener);
        return this;
    }

    /** Counts the waiting messages with the application's counter (e.g. messages without a delivery report). */
    public ErrorMonitor countWaitingWith(LongSupplier waitingMessages) {
        this.waiting = waitingMessages;
        return this;
    }

    /**
     * When a delivery times out while a broker answers, asks the brokers (an Admin client with these settings)
     * whether one of them cannot write to its disk: the producer only sees timeouts, the broker knows why.
     */
    public ErrorMonitor askBrokersWith(Properties adminSettings) {
        this.adminSettings = adminSettings;
        return this;
    }

    /** As {@link #askBrokersWith}, with the brokers' answers from {@code offlineDisks} (for tests). */
    ErrorMonitor askBrokersWith(Properties adminSettings, Function<Properties, List<String>> offlineDisks) {
        this.offlineDisks = offlineDisks;
        return askBrokersWith(adminSettings);
    }

    /** Checks every {@code interval} on a thread of its own (node-rdkafka's poll interval for events). */
    public ErrorMonitor start(Duration interval) {
        thread.scheduleWithFixedDelay(this::check, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /**
     * Wraps a send's callback: the message waits until its callback runs, and a failure becomes an error event as
     * well as the callback's exception. When {@code send()} itself throws, pass the exception to the returned
     * callback ({@code cb.onCompletion(null, e)}): the message still gets its one outcome.
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
     * What became of one message, for an application with its own callbacks or delivery reports.
     *
     * @param partition negative when the message never got one (the metadata wait of send() ran out)
     * @param error     null when the message was written
     */
    public void deliveryOutcome(String topic, int partition, Exception error) {
        if (error == null) {
            watch(topic);
            recoveredIfLost(); // a message was written: a broker answers, whatever the connection counters say
        } else {
            report(error, topic, partition < 0);
        }
    }

    /** An exception from {@code partitionsFor(topic)}, or any metadata wait for the topic. */
    public void metadataFailed(String topic, Exception exception) {
        report(exception, topic, true);
    }

    private void report(Exception exception, String topic, boolean metadataMissing) {
        boolean connected = last.get("connection-creation-total") > 0 && !lost; // no topic, or no broker?
        ErrorKind kind = ErrorKind.of(exception, metadataMissing, connected);
        if (kind.perMessage() || reported.add(kind)) {
            queue.add(ErrorEvent.of(kind, exception, topic, servers));
        }
        Properties admin = adminSettings;
        if (kind == ErrorKind.DELIVERY_TIMEOUT && connected && admin != null && askedDisks.compareAndSet(false, true)) {
            thread.execute(() -> askAboutDisks(admin)); // not on the producer's I/O thread: it waits for an answer
        }
    }

    private void askAboutDisks(Properties admin) {
        List<String> offline = offlineDisks.apply(admin);
        if (!offline.isEmpty()) {
            emit(ErrorEvent.storage(servers, offline));
        }
    }

    /** Watches the leaders of this topic's partitions (the monitor learns the topics from the sends). */
    public void watch(String topic) {
        leaders.watch(topic);
    }

    /**
     * Says that the application closes the producer now: the connections it closes from here on are its own, not
     * lost ones. Call it right before {@code producer.close()}; the monitor keeps handing out the other events.
     */
    public void producerClosing() {
        producerClosing = true;
    }

    /** Messages handed to send() whose callback has not run yet. */
    public long waiting() {
        return waiting.getAsLong();
    }

    /** True once a fatal event was reported (a login or a permission refused): the application should stop. */
    public boolean fatalErrorSeen() {
        return reported.stream().anyMatch(ErrorKind::fatal);
    }

    /**
     * Reads the producer's metrics and metadata, turns what changed into events, and hands every queued event to
     * the listeners on this thread: node-rdkafka's {@code poll()} for {@code event.error}.
     */
    public synchronized void check() {
        try {
            ProducerMetrics now = ProducerMetrics.read(producer);
            checkCounters(now);
            // after a refused login every new connection closes: no outage, no recovery. And a producer that is
            // closing closes every connection itself, then removes these metrics: no outage either (without this,
            // a check that fell into a healthy run's last milliseconds reported CONNECTION_LOST)
            if (!fatalErrorSeen() && !producerClosing && !now.closedSince(last)) {
                checkConnections(now);
            }
            last = now;
        } catch (RuntimeException e) { // e.g. the producer is closed: the events queued still go out
            log.debug("Could not read the producer's metrics: {}", e.toString());
        }
        leaders.lookSoon();
        for (ErrorEvent event; (event = queue.poll()) != null; ) {
            listeners.tell(event);
        }
    }

    // tag::connections[]
    private void checkConnections(ProducerMetrics now) {
        long time = nanoTime.getAsLong();
        boolean open = now.get("connection-count") > 0;
        if (now.grewSince(last, "connection-close-total") > 0 && last.get("connection-creation-total") > 0 && !lost) {
            // a connection that was up went away: a broker stopped, or the network between us broke
            lost = true;
            downSinceNanos = time;
            emit(ErrorEvent.connectionLost(servers, now.get("connection-close-total")));
        } else if (now.grewSince(last, "connection-creation-total") > 0 && open
                && now.grewSince(last, "connection-close-total") == 0) {
            // a new connection was made, and none broke in this interval: the broker answers again
            recoveredIfLost();
        }
        long count = waiting.getAsLong();
        if ((lost || now.get("connection-creation-total") == 0) && !open && count > 0) { // lost, or never connected
            if (downSinceNanos < 0) {
                downSinceNanos = time; // never connected: the outage counts from the first check with messages
            }
            if (time - downSinceNanos >= unreachableAfter.toNanos()) {
                emit(ErrorEvent.unreachable(servers, Duration.ofNanos(time - downSinceNanos).toMillis(), count));
            }
        }
    }
    // end::connections[]

    /**
     * Ends the episode of a lost connection, once: a new connection held for a check, or a message was delivered
     * (a reconnection that a failed attempt to another address hid from the counters is still seen).
     */
    private synchronized void recoveredIfLost() {
        if (lost) {
            lost = false;
            reported.removeAll(List.of(ErrorKind.CONNECTION_LOST, ErrorKind.BROKER_UNREACHABLE)); // a new episode next
            queue.add(ErrorEvent.recovered(servers, Duration.ofNanos(nanoTime.getAsLong() - downSinceNanos).toMillis()));
            downSinceNanos = -1;
        }
    }

    // tag::counters[]
    private void checkCounters(ProducerMetrics now) {
        if (now.grewSince(last, "failed-authentication-total") > 0) {
            emit(ErrorEvent.loginRefused(servers, now.get("failed-authentication-total")));
        }
        long full = (long) now.grewSince(last, "buffer-exhausted-total");
        if (full > 0) {
            emit(ErrorEvent.bufferFull(full, now.get("buffer-exhausted-total")));
        } else {
            reported.remove(ErrorKind.BUFFER_EXHAUSTED); // the next time the buffer fills is a new episode
        }
        long resent = (long) now.grewSince(last, "record-retry-total");
        if (resent > 0) {
            queue.add(ErrorEvent.retrying(resent, now.get("record-retry-total")));
        }
    }
    // end::counters[]

    /** Queues an event of the whole client, once per episode. */
    private void emit(ErrorEvent event) {
        if (reported.add(event.kind())) {
            queue.add(event);
        }
    }

    /** Stops the monitor's threads and hands the events still queued to the listeners. */
    @Override
    public void close() {
        leaders.close();
        thread.shutdown(); // a question to the brokers under way gets its answer; the periodic checks stop
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        check();
    }
}
