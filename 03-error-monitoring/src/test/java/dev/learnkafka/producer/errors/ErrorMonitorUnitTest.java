package dev.learnkafka.producer.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The monitor's episodes, driven by the producer metrics it reads ({@link MockProducer#setMockMetrics}) and a clock
 * the test moves, one {@link ErrorMonitor#check()} at a time: no broker, no waiting. That a real client's metrics
 * move this way when a broker stops and starts again is {@link BrokerOutageTest}'s job.
 */
class ErrorMonitorUnitTest {
    private static final String SERVERS = "broker-1:9092";
    private static final Duration UNREACHABLE_AFTER = Duration.ofSeconds(5);

    private final MockProducer<String, String> producer =
            new MockProducer<>(false, null, new StringSerializer(), new StringSerializer());
    private final Metrics metrics = new Metrics(producer);
    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final AtomicLong waiting = new AtomicLong();
    private final List<ErrorEvent> errors = new CopyOnWriteArrayList<>();
    private final List<ErrorEvent> recoveries = new CopyOnWriteArrayList<>();
    private final List<ErrorEvent> all = new CopyOnWriteArrayList<>();
    private final ErrorMonitor monitor = new ErrorMonitor(producer, SERVERS, UNREACHABLE_AFTER, clock::get)
            .onError(errors::add).onError(all::add)
            .onRecovery(recoveries::add).onRecovery(all::add)
            .countWaitingWith(waiting::get);

    @AfterEach
    void closeMonitor() {
        monitor.close();
    }

    private void advance(Duration by) {
        clock.addAndGet(by.toNanos());
    }

    private List<ErrorKind> kinds() {
        return all.stream().map(ErrorEvent::kind).toList();
    }

    /** A connection is up, as after the first metadata request. */
    private void connected() {
        metrics.set("connection-count", 1).set("connection-creation-total", 1).set("connection-close-total", 0);
        monitor.check();
    }

    /** The broker stops: the open connection closes, and every attempt to reconnect fails. */
    private void connectionCloses() {
        metrics.add("connection-close-total", 1).set("connection-count", 0);
    }

    private void reconnectAttemptFails() {
        metrics.add("connection-creation-total", 1).add("connection-close-total", 1);
    }

    private void reconnects() {
        metrics.add("connection-creation-total", 1).set("connection-count", 1);
    }

    /** Awaitility, looking every 5 ms: these conditions come true within milliseconds. */
    private static ConditionFactory waitUpTo(Duration limit) {
        return await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5)).atMost(limit);
    }

    @Test
    void shouldReportLostThenUnreachableThenRecoveredEachOncePerEpisode() {
        waiting.set(3);
        connected();
        assertThat(all).as("a healthy connection is no event").isEmpty();

        connectionCloses();
        monitor.check();
        assertThat(kinds()).containsExactly(ErrorKind.CONNECTION_LOST);

        for (int i = 0; i < 4; i++) { // the client retries every second; nothing answers
            advance(Duration.ofSeconds(1));
            reconnectAttemptFails();
            monitor.check();
        }
        assertThat(kinds()).as("4 s down: not unreachable yet").containsExactly(ErrorKind.CONNECTION_LOST);

        advance(Duration.ofSeconds(1));
        monitor.check();
        assertThat(kinds()).containsExactly(ErrorKind.CONNECTION_LOST, ErrorKind.BROKER_UNREACHABLE);

        for (int i = 0; i < 20; i++) { // still down for a long time: the same episode, no more events
            advance(Duration.ofSeconds(1));
            reconnectAttemptFails();
            monitor.check();
        }
        assertThat(kinds()).containsExactly(ErrorKind.CONNECTION_LOST, ErrorKind.BROKER_UNREACHABLE);

        reconnects();
        monitor.check();
        monitor.check();
        advance(Duration.ofSeconds(1));
        monitor.check();

        assertThat(kinds()).containsExactly(ErrorKind.CONNECTION_LOST, ErrorKind.BROKER_UNREACHABLE,
                ErrorKind.RECOVERED);
        assertThat(errors).extracting(ErrorEvent::kind)
                .containsExactly(ErrorKind.CONNECTION_LOST, ErrorKind.BROKER_UNREACHABLE);
        assertThat(recoveries).singleElement().satisfies(recovered -> {
            assertThat(recovered.isRecovery()).isTrue();
            assertThat(recovered.message()).startsWith("Connected to " + SERVERS + " again after 25000 ms");
        });
        assertThat(errors.get(0).message()).contains(SERVERS).contains("connection-close-total 1");
        assertThat(errors.get(1).message()).startsWith("No broker reachable at " + SERVERS + " for 5000 ms while "
                + "3 messages wait");
        assertThat(errors).allSatisfy(e -> assertThat(e.retriable()).isTrue())
                .noneMatch(ErrorEvent::fatal);
    }

    @Test
    void shouldNotCallTheConnectionsAClosingProducerClosesItselfLost() {
        waiting.set(0);
        connected();
        monitor.producerClosing(); // the application closes the producer now

        metrics.add("connection-close-total", 1).set("connection-count", 0);
        monitor.check();

        assertThat(all).isEmpty();
    }

    @Test
    void shouldNotCallTheConnectionsLostWhenACheckReadsTheMetricsOfAProducerThatIsClosing() {
        connected();
        // what a check read in a healthy run's last milliseconds (Ctrl-C, or a closing application that did not
        // say so): the producer closed its connections and had removed some of its connection metrics
        metrics.add("connection-close-total", 1).remove("connection-count");
        monitor.check();
        metrics.remove("connection-close-total").remove("connection-creation-total");
        monitor.check();

        assertThat(all).isEmpty();
    }

    @Test
    void shouldStartASecondEpisodeWhenTheBrokerGoesAgainAfterARecovery() {
        waiting.set(1);
        connected();
        for (int episode = 1; episode <= 2; episode++) {
            connectionCloses();
            monitor.check();
            advance(UNREACHABLE_AFTER);
            reconnectAttemptFails();
            monitor.check();
            reconnects();
            monitor.check();
            advance(Duration.ofSeconds(1));
            monitor.check();
        }

        assertThat(kinds()).containsExactly(
                ErrorKind.CONNECTION_LOST, ErrorKind.BROKER_UNREACHABLE, ErrorKind.RECOVERED,
                ErrorKind.CONNECTION_LOST, ErrorKind.BROKER_UNREACHABLE, ErrorKind.RECOVERED);
        assertThat(errors.get(2).message()).as("the second episode's own count")
                .contains("connection-close-total 3");
    }

    @Test
    void shouldNotCallABrokerUnreachableOneNanosecondBeforeTheLimit() {
        waiting.set(1);
        connected();
        connectionCloses();
        monitor.check();

        advance(UNREACHABLE_AFTER.minusNanos(1));
        monitor.check();
        assertThat(kinds()).containsExactly(ErrorKind.CONNECTION_LOST);

        advance(Duration.ofNanos(1));
        monitor.check();
        assertThat(kinds()).containsExactly(ErrorKind.CONNECTION_LOST, ErrorKind.BROKER_UNREACHABLE);
    }

    @Test
    void shouldCallTheBrokerUnreachableOnlyWhileMessagesWait() {
        connected();
        connectionCloses();
        monitor.check();
        advance(Duration.ofMinutes(1));
        monitor.check();
        assertThat(kinds()).as("down for a minute, but nothing to deliver").containsExactly(ErrorKind.CONNECTION_LOST);

        waiting.set(1);
        monitor.check();

        // the outage counts from the lost connection, not from the first waiting message
        assertThat(kinds()).containsExactly(ErrorKind.CONNECTION_LOST, ErrorKind.BROKER_UNREACHABLE);
        assertThat(errors.get(1).message()).contains("for 60000 ms while 1 message waits");
    }

    @Test
    void shouldCallABrokerThatNeverAnsweredUnreachableWithoutALostConnection() {
        waiting.set(2);
        monitor.check(); // no connection was ever made
        advance(UNREACHABLE_AFTER.minusMillis(1));
        metrics.set("connection-creation-total", 0).set("connection-close-total", 4);
        monitor.check();
        assertThat(all).isEmpty();

        advance(Duration.ofMillis(1));
        monitor.check();
        monitor.check();

        assertThat(kinds()).containsExactly(ErrorKind.BROKER_UNREACHABLE);
        assertThat(errors.get(0).message()).contains("for 5000 ms while 2 messages wait");
    }

    @Test
    void shouldNotCallItRecoveredWhileNewConnectionsStillBreak() {
        waiting.set(1);
        connected();
        connectionCloses();
        monitor.check();

        // a connection opened in this interval, but another one closed: the broker is not back for sure
        metrics.add("connection-creation-total", 1).set("connection-count", 1).add("connection-close-total", 1);
        monitor.check();
        assertThat(recoveries).isEmpty();

        monitor.check(); // an interval in which nothing closed, but nothing new opened either
        assertThat(recoveries).isEmpty();

        reconnects();
        monitor.check();
        assertThat(recoveries).hasSize(1);
        assertThat(kinds()).containsExactly(ErrorKind.CONNECTION_LOST, ErrorKind.RECOVERED);
    }

    @Test
    void shouldCallItRecoveredOnceWhenAMessageIsDeliveredAfterTheLossWhateverTheCountersSay() {
        waiting.set(1);
        connected();
        connectionCloses();
        monitor.check();
        advance(Duration.ofSeconds(6));
        // the broker is back, but a failed attempt closed in the interval of the new connection: the counters alone
        // never say so again (a stage 03 --fault restart run once ended without its Recovered line this way)
        metrics.add("connection-creation-total", 1).set("connection-count", 1).add("connection-close-total", 1);
        monitor.check();
        assertThat(recoveries).isEmpty();

        monitor.deliveryOutcome("first_topic", 0, null);
        monitor.deliveryOutcome("first_topic", 1, null);
        monitor.check();
        monitor.check(); // nothing new opens or closes from here on: only the deliveries say the broker is back

        assertThat(recoveries).singleElement().satisfies(recovered ->
                assertThat(recovered.message()).startsWith("Connected to " + SERVERS + " again after 6000 ms"));
        assertThat(kinds()).containsExactly(ErrorKind.CONNECTION_LOST, ErrorKind.RECOVERED);
    }

    @Test
    void shouldReportAFullBufferOncePerEpisode() {
        connected();
        metrics.set("buffer-exhausted-total", 2);
        monitor.check();
        metrics.set("buffer-exhausted-total", 5); // still filling: the same episode
        monitor.check();
        monitor.check(); // no new failure: the episode ends
        metrics.set("buffer-exhausted-total", 6);
        monitor.check();

        assertThat(errors).extracting(ErrorEvent::kind)
                .containsExactly(ErrorKind.BUFFER_EXHAUSTED, ErrorKind.BUFFER_EXHAUSTED);
        assertThat(errors.get(0).message()).startsWith("2 send() calls found buffer.memory full");
        assertThat(errors.get(1).message()).startsWith("1 send() calls found buffer.memory full")
                .contains("buffer-exhausted-total 6");
    }

    @Test
    void shouldReportEveryNewBatchOfRetries() {
        connected();
        metrics.set("record-retry-total", 3);
        monitor.check();
        monitor.check();
        metrics.set("record-retry-total", 4);
        monitor.check();

        assertThat(errors).extracting(ErrorEvent::kind).containsExactly(ErrorKind.RETRYING, ErrorKind.RETRYING);
        assertThat(errors).extracting(ErrorEvent::message).satisfiesExactly(
                first -> assertThat(first).startsWith("The client resent 3 messages (record-retry-total 3)"),
                second -> assertThat(second).startsWith("The client resent 1 message (record-retry-total 4)"));
    }

    @Test
    void shouldReportAFailedLoginOnceAsFatalAndNotTakeTheClosedConnectionsAfterItForAnOutage() {
        waiting.set(1);
        connected();
        assertThat(monitor.fatalErrorSeen()).isFalse();

        // after a rejected login the broker closes every connection the client opens again
        for (int i = 1; i <= 5; i++) {
            metrics.set("failed-authentication-total", i).set("connection-count", 0);
            reconnectAttemptFails();
            advance(UNREACHABLE_AFTER);
            monitor.check();
        }

        assertThat(kinds()).containsExactly(ErrorKind.AUTHENTICATION);
        assertThat(errors.get(0)).satisfies(e -> {
            assertThat(e.fatal()).isTrue();
            assertThat(e.retriable()).isFalse();
            assertThat(e.message()).contains("failed-authentication-total 1").contains("Retrying will not help");
        });
        assertThat(monitor.fatalErrorSeen()).isTrue();
    }

    @Test
    void shouldNameAFailedDeliveryBecauseTheBrokerCannotWriteToItsDiskAStorageError() {
        List<Exception> callbackErrors = new ArrayList<>();
        try (monitor) {
            ProducerRecord<String, String> record = new ProducerRecord<>("orders", "value-1");
            producer.send(record, monitor.track(record, (metadata, e) -> callbackErrors.add(e)));
            // what kafka-clients hands the callback when the broker's last answer was KAFKA_STORAGE_ERROR
            producer.errorNext(new KafkaStorageException("Disk error when trying to access log file on the disk."));
            monitor.check();
        }
        assertThat(callbackErrors).singleElement().isInstanceOf(KafkaStorageException.class);
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.BROKER_STORAGE);
            assertThat(e.retriable()).isTrue();
            assertThat(e.fatal()).isFalse();
            assertThat(e.message()).contains("the broker at " + SERVERS + " cannot write to its disk")
                    .contains("KAFKA_STORAGE_ERROR");
            assertThat(e.toString()).startsWith("BROKER_STORAGE (retriable): ");
        });
    }

    @Test
    void shouldAskTheBrokersOnceWhenDeliveriesTimeOutAndNameTheDiskThatCannotBeWritten() {
        List<Properties> asked = new CopyOnWriteArrayList<>();
        Properties admin = new Properties();
        monitor.askBrokersWith(admin, settings -> {
            asked.add(settings);
            return List.of("log directory /data of broker 1 (0 bytes free)");
        });
        connected();
        for (int i = 1; i <= 3; i++) { // the batches expire: plain TimeoutExceptions, no cause (kafka-clients 4.4)
            monitor.deliveryOutcome("orders", 0, new TimeoutException("Expiring 1 record(s) for orders-0"));
        }
        monitor.close(); // waits for the answer, then hands the events out

        assertThat(asked).containsExactly(admin);
        // the answer comes on the monitor's thread, whenever the brokers give it: no order among the events
        assertThat(kinds()).containsExactlyInAnyOrder(ErrorKind.DELIVERY_TIMEOUT, ErrorKind.DELIVERY_TIMEOUT,
                ErrorKind.DELIVERY_TIMEOUT, ErrorKind.BROKER_STORAGE);
        assertThat(errors.stream().filter(e -> e.kind() == ErrorKind.BROKER_STORAGE).findFirst().orElseThrow()
                .message()).startsWith("A broker of " + SERVERS + " cannot write to its disk: "
                + "log directory /data of broker 1 (0 bytes free) is offline").contains("KAFKA_STORAGE_ERROR");
    }

    @Test
    void shouldNotAskTheBrokersWhenNoneIsConnectedOrNothingTimedOut() {
        List<Properties> asked = new CopyOnWriteArrayList<>();
        monitor.askBrokersWith(new Properties(), settings -> {
            asked.add(settings);
            return List.of("log directory /data of broker 1");
        });
        monitor.deliveryOutcome("orders", 0, new TimeoutException("Expiring 1 record(s) for orders-0")); // none up
        connected();
        monitor.deliveryOutcome("orders", 0, new RecordTooLargeException("too large"));
        monitor.close();

        assertThat(asked).isEmpty();
        assertThat(kinds()).doesNotContain(ErrorKind.BROKER_STORAGE);
    }

    @Test
    void shouldReportEachFailedDeliveryOnceOnTheCheckingThreadAndCountWaitingMessages() {
        var ownCount = new ErrorMonitor(producer, SERVERS, UNREACHABLE_AFTER, clock::get);
        List<ErrorEvent> events = new ArrayList<>();
        List<Thread> listenedOn = new ArrayList<>();
        ownCount.onError(e -> {
            events.add(e);
            listenedOn.add(Thread.currentThread());
        });
        List<Exception> callbackErrors = new ArrayList<>();
        try (ownCount) {
            for (int i = 1; i <= 4; i++) {
                ProducerRecord<String, String> record = new ProducerRecord<>("orders", "value-" + i);
                producer.send(record, ownCount.track(record, (metadata, e) -> callbackErrors.add(e)));
            }
            assertThat(ownCount.waiting()).isEqualTo(4);

            producer.completeNext();
            producer.errorNext(new TimeoutException("Expiring 1 record(s): 120000 ms has passed since batch creation"));
            producer.errorNext(new RecordTooLargeException("The message is 2000000 bytes"));
            assertThat(ownCount.waiting()).isEqualTo(1);
            assertThat(events).as("the callbacks only queue events; check() hands them out").isEmpty();

            ownCount.check();
            ownCount.check();
            producer.errorNext(new TimeoutException("Expiring 1 record(s): 120000 ms has passed since batch creation"));
            ownCount.check();
            assertThat(ownCount.waiting()).isZero();
        }
        assertThat(events).extracting(ErrorEvent::kind).containsExactly(ErrorKind.DELIVERY_TIMEOUT,
                ErrorKind.RECORD_TOO_LARGE, ErrorKind.DELIVERY_TIMEOUT);
        assertThat(events.get(1)).satisfies(e -> {
            assertThat(e.cause()).isInstanceOf(RecordTooLargeException.class);
            assertThat(e.retriable()).isFalse();
            assertThat(e.message()).startsWith("A message to orders was not delivered");
        });
        assertThat(listenedOn).containsOnly(Thread.currentThread());
        // the application's own callbacks still get every outcome, once each
        assertThat(callbackErrors).hasSize(4).first().isNull();
    }

    @Test
    void shouldHandEveryEventToTheOtherListenersWhenOneThrows() {
        AtomicInteger thrown = new AtomicInteger();
        var throwingFirst = new ErrorMonitor(producer, SERVERS, UNREACHABLE_AFTER, clock::get);
        List<ErrorKind> seen = new ArrayList<>();
        throwingFirst.onError(e -> {
            thrown.incrementAndGet();
            throw new IllegalStateException("listener bug");
        }).onError(e -> seen.add(e.kind()));
        try (throwingFirst) {
            throwingFirst.deliveryOutcome("orders", 0, new RecordTooLargeException("too large"));
            throwingFirst.deliveryOutcome("orders", 1, new TimeoutException("expired"));

            throwingFirst.check();
        }
        assertThat(seen).containsExactly(ErrorKind.RECORD_TOO_LARGE, ErrorKind.DELIVERY_TIMEOUT);
        assertThat(thrown).hasValue(2);
    }

    @Test
    void shouldTellAMissingTopicFromAMissingBrokerByWhetherAConnectionIsUp() {
        var noMetadata = new TimeoutException("Topic orders not present in metadata after 2000 ms.");
        monitor.metadataFailed("orders", noMetadata);
        monitor.check();
        connected();
        monitor.metadataFailed("orders", noMetadata);
        monitor.check();
        monitor.metadataFailed("orders", noMetadata); // the same problem again: reported once
        monitor.check();

        assertThat(kinds()).containsExactly(ErrorKind.BROKER_UNREACHABLE, ErrorKind.UNKNOWN_TOPIC);
        assertThat(errors.get(1).message()).startsWith("Topic orders does not exist at " + SERVERS);
    }

    @Test
    void shouldReportAMovedLeaderOnceFromTheProducersMetadata() {
        var leaders = new LeaderProducer();
        var watching = new ErrorMonitor(leaders, SERVERS, UNREACHABLE_AFTER, clock::get);
        List<ErrorEvent> events = new CopyOnWriteArrayList<>();
        watching.onError(events::add);
        try (watching) {
            watching.watch("orders");
            // the leaders are read on the monitor's metadata thread: the first read sees broker 1
            waitUpTo(Duration.ofSeconds(10)).until(() -> {
                watching.check();
                return leaders.reads.get() > 0;
            });

            leaders.leader = 2;
            waitUpTo(Duration.ofSeconds(10)).until(() -> {
                watching.check();
                return !events.isEmpty();
            });
            // later reads still see broker 2: no new event
            int readsSoFar = leaders.reads.get();
            waitUpTo(Duration.ofSeconds(10)).until(() -> {
                watching.check();
                return leaders.reads.get() >= readsSoFar + 2;
            });
            watching.check();
        }
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.LEADER_CHANGED);
            assertThat(e.message()).startsWith("The leader of partition orders-0 moved from broker 1 to broker 2");
        });
    }

    /** Producer metrics the monitor reads, in the group it reads them from, set by the test. */
    private static final class Metrics {
        private final MockProducer<?, ?> producer;
        private final Map<String, Double> values = new ConcurrentHashMap<>();

        Metrics(MockProducer<?, ?> producer) {
            this.producer = producer;
        }

        Metrics set(String name, double value) {
            if (values.put(name, value) == null) {
                MetricName metricName = new MetricName(name, "producer-metrics", "", Map.of("client-id", "unit"));
                producer.setMockMetrics(metricName, new Metric() {
                    @Override
                    public MetricName metricName() {
                        return metricName;
                    }

                    @Override
                    public Object metricValue() {
                        return values.get(name);
                    }
                });
            }
            return this;
        }

        /** As a closing producer does: the metric is gone from {@code metrics()}. */
        Metrics remove(String name) {
            values.remove(name);
            return this;
        }

        Metrics add(String name, double delta) {
            return set(name, values.getOrDefault(name, 0.0) + delta);
        }
    }

    /** One partition of "orders" whose leader the test moves; counts the metadata reads. */
    private static final class LeaderProducer extends MockProducer<String, String> {
        volatile int leader = 1;
        final AtomicInteger reads = new AtomicInteger();

        LeaderProducer() {
            super(false, null, new StringSerializer(), new StringSerializer());
        }

        @Override
        public List<PartitionInfo> partitionsFor(String topic) {
            Node node = new Node(leader, "broker-" + leader, 9092);
            List<PartitionInfo> partitions = List.of(new PartitionInfo(topic, 0, node, new Node[] {node},
                    new Node[] {node}));
            reads.incrementAndGet();
            return partitions;
        }
    }
}
