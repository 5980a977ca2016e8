package dev.learnkafka.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.NotEnoughReplicasAfterAppendException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The run's outcomes as the interceptor reports them: the producer calls onSend at the start of every send() and
 * onAcknowledgement once per record (its offset, its callback's error, or what send() threw).
 */
class OutcomesTest {
    private static final ProducerRecord<Object, Object> RECORD = new ProducerRecord<>("t", "v");

    /** An interceptor as the producer configures it, attached to a run of {@code messages} messages. */
    private static OutcomeInterceptor run(int messages) {
        Outcomes.arm(messages);
        OutcomeInterceptor interceptor = new OutcomeInterceptor();
        interceptor.configure(Map.of(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "40000 "));
        return interceptor;
    }

    private static RecordMetadata inPartition(int partition) {
        return new RecordMetadata(new TopicPartition("t", partition), -1, -1, -1, -1, -1);
    }

    @AfterEach
    void forget() {
        Outcomes.reset();
    }

    @Test
    void shouldCallAnExpiredBatchUnknownAndAMetadataTimeoutFailed() {
        // "Expiring 1 record(s) for t-0: 5001 ms has passed since batch creation": it may have been written
        assertThat(Outcome.of(inPartition(0), new TimeoutException("Expiring 1 record(s)")))
                .isEqualTo(Outcome.UNKNOWN);
        // "Topic t not present in metadata after 15000 ms": it never left the client
        assertThat(Outcome.of(inPartition(-1), new TimeoutException("not present in metadata")))
                .isEqualTo(Outcome.FAILED);
        assertThat(Outcome.of(inPartition(2), new RecordTooLargeException("too large")))
                .isEqualTo(Outcome.FAILED);
        // a request that timed out (request.timeout.ms) when no delivery time was left to retry: the broker may
        // have read and written it; which of the two errors comes depends on timing (seen in a loaded run)
        assertThat(Outcome.of(inPartition(0), new NetworkException("The server disconnected before a response "
                + "was received."))).isEqualTo(Outcome.UNKNOWN);
        assertThat(Outcome.of(inPartition(0), new NotEnoughReplicasAfterAppendException("written, not copied")))
                .isEqualTo(Outcome.UNKNOWN);
        assertThat(Outcome.of(inPartition(1), new KafkaException("Producer is closed forcefully.")))
                .isEqualTo(Outcome.UNKNOWN);
        assertThat(Outcome.of(inPartition(1), null)).isEqualTo(Outcome.DELIVERED);
    }

    @Test
    void shouldAddUpToNWithEveryKindOfOutcome() {
        OutcomeInterceptor producer = run(7);
        for (int i = 0; i < 4; i++) {
            producer.onSend(RECORD);
        }
        producer.onAcknowledgement(inPartition(0), null);
        producer.onAcknowledgement(inPartition(-1), new RecordTooLargeException("too large"));
        producer.onAcknowledgement(inPartition(0), new TimeoutException("Expiring 1 record(s)"));
        // the fourth is still in flight when the summary is made: unknown; three were never sent

        assertThat(Outcomes.current().summary())
                .startsWith("Delivered 1, failed 1, unknown 2, not sent 3 of 7 messages.");
        assertThat(Outcomes.current().exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(Outcomes.current().deliveryTimeoutMs).as("read as the producer reads it").isEqualTo(40_000);
    }

    @Test
    void shouldSaySimplyDeliveredWhenEveryMessageWas() {
        OutcomeInterceptor producer = run(2);
        producer.onSend(RECORD);
        producer.onSend(RECORD);
        producer.onAcknowledgement(inPartition(0), null);
        producer.onAcknowledgement(inPartition(1), null);
        assertThat(Outcomes.current().summary()).isEqualTo("Delivered 2 of 2 messages.");
        assertThat(Outcomes.current().exitCode()).isEqualTo(ExitCode.OK);
    }

    @Test
    void shouldCountWhatSendThrewAfterCtrlCOrOnAClosedProducerAsNotSent() {
        OutcomeInterceptor producer = run(3);
        producer.onSend(RECORD);
        producer.onAcknowledgement(inPartition(0), null);
        producer.onSend(RECORD);
        producer.onAcknowledgement(null, new IllegalStateException("Cannot perform operation after producer has "
                + "been closed"));
        producer.onSend(RECORD);
        producer.onAcknowledgement(null, new InterruptException(new InterruptedException()));
        Thread.interrupted(); // InterruptException sets the flag again, as the producer's send() does

        assertThat(Outcomes.current().summary()).isEqualTo("Delivered 1, not sent 2 of 3 messages.");
    }

    @Test
    void shouldNotCountAProducerCreatedOutsideARun() {
        OutcomeInterceptor producer = new OutcomeInterceptor();
        producer.configure(Map.of(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()));
        producer.onSend(RECORD);
        producer.onAcknowledgement(inPartition(0), null);
        assertThat(Outcomes.current()).isNull();
    }

    @Test
    void shouldAttachToARealProducerThroughItsSettingsKeepingTheReadersOwnInterceptors() {
        Outcomes.arm(1);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 0);
        props.put(ProducerConfig.INTERCEPTOR_CLASSES_CONFIG, OutcomeInterceptor.class.getName() + ","
                + ReadersOwnInterceptor.class.getName());
        props.put(ProducerConfig.METRIC_REPORTER_CLASSES_CONFIG, OutcomeInterceptor.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            assertThat(Outcomes.current()).as("attached at creation").isNotNull();
            assertThat(Outcomes.current().connectionCount()).as("connection-count, read through the reporter")
                    .isZero();
            // no broker at localhost:1 and max.block.ms 0: the metadata wait fails at once, in the callback
            List<Exception> called = new ArrayList<>();
            producer.send(new ProducerRecord<>("t", "a"), (m, e) -> called.add(e));
            assertThat(called).singleElement().isInstanceOf(TimeoutException.class);
            assertThat(ReadersOwnInterceptor.sends).isPositive();
        }
        assertThat(Outcomes.current().summary()).isEqualTo("Delivered 0, failed 1 of 1 messages.");
    }

    /** A reader's own interceptor: it still runs next to the contract's. */
    public static final class ReadersOwnInterceptor extends NoOpInterceptor {
        static volatile int sends;

        @Override
        public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
            sends++;
            return record;
        }
    }

    /** An interceptor that does nothing. */
    public static class NoOpInterceptor implements org.apache.kafka.clients.producer.ProducerInterceptor<Object,
            Object> {
        @Override
        public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
            return record;
        }

        @Override
        public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
        }

        @Override
        public void close() {
        }

        @Override
        public void configure(Map<String, ?> configs) {
        }
    }

    @Test
    void shouldCallTheFaultHookBeforeTheSendThatFollowsHalfTheMessages() {
        OutcomeInterceptor producer = run(4);
        List<Integer> before = new ArrayList<>();
        Outcomes.current().beforeSend = before::add;
        for (int i = 0; i < 4; i++) {
            producer.onSend(RECORD);
        }
        assertThat(before).containsExactly(0, 1, 2, 3); // the run's fault acts at 2: before message 3 of 4
    }

    @Test
    void shouldHoldBackAcknowledgementsOnceCtrlCPrintsTheSummary() {
        OutcomeInterceptor producer = run(2);
        producer.onSend(RECORD);
        producer.onSend(RECORD);
        producer.onAcknowledgement(inPartition(0), null);
        Outcomes.current().freeze();
        Thread io = new Thread(() -> producer.onAcknowledgement(inPartition(0), null), "io");
        io.setDaemon(true); // it waits for the JVM's end, as the producer's I/O thread does after Ctrl-C
        io.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> io.getState() == Thread.State.WAITING);
        assertThat(Outcomes.current().summary()).startsWith("Delivered 1, unknown 1 of 2 messages.");
    }

    @Test
    void shouldPrintTheSummaryOnceAndNothingOfTheRunsAfterIt() {
        run(1);
        Outcomes outcomes = Outcomes.current();
        List<String> said = new ArrayList<>();

        assertThat(outcomes.unlessSummarized(() -> said.add("Interrupted"))).isTrue();
        outcomes.logSummary();
        outcomes.logSummary();
        assertThat(outcomes.summaryPrinted).isTrue();
        assertThat(outcomes.unlessSummarized(() -> said.add("too late"))).isFalse();
        assertThat(said).containsExactly("Interrupted");
    }

    @Test
    void shouldNameTheBrokersRefusalInTheSummary() {
        OutcomeInterceptor producer = run(2);
        producer.onSend(RECORD);
        producer.onSend(RECORD);
        producer.onAcknowledgement(inPartition(0), new TopicAuthorizationException(Set.of("t")));
        producer.onAcknowledgement(inPartition(0), new TopicAuthorizationException(Set.of("t")));

        assertThat(Outcomes.current().summary()).isEqualTo("Delivered 0, failed 2 of 2 messages. Why: "
                + "TopicAuthorizationException: Not authorized to access topics: [t]");
    }

    @Test
    void shouldNotGuessACauseForAMessageThatOnlyTimedOut() {
        OutcomeInterceptor producer = run(1);
        producer.onSend(RECORD);
        producer.onAcknowledgement(inPartition(0), new TimeoutException("Expiring 1 record(s)"));

        assertThat(Outcomes.current().summary()).doesNotContain("Why:");
    }
}
