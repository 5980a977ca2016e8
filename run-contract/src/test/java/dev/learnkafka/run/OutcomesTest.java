package dev.learnkafka.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.NotEnoughReplicasAfterAppendException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OutcomesTest {

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
        MockProducer<String, String> mock = new MockProducer<>(false, null, new StringSerializer(),
                new StringSerializer());
        Producer<String, String> producer = Outcomes.watch(mock, 7);
        List<Exception> seen = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            producer.send(new ProducerRecord<>("t", 0, null, "v" + i), (m, e) -> seen.add(e));
        }
        mock.completeNext();
        mock.errorNext(new RecordTooLargeException("too large"));
        mock.errorNext(new TimeoutException("Expiring 1 record(s)"));
        // the fourth is still in flight when the summary is made: unknown; three were never sent

        assertThat(seen).hasSize(3);
        assertThat(Outcomes.current().summary())
                .startsWith("Delivered 1, failed 1, unknown 2, not sent 3 of 7 messages.");
        assertThat(Outcomes.current().exitCode()).isEqualTo(ExitCode.FAILED);
    }

    @Test
    void shouldSaySimplyDeliveredWhenEveryMessageWas() {
        MockProducer<String, String> mock = new MockProducer<>(true, null, new StringSerializer(),
                new StringSerializer());
        Producer<String, String> producer = Outcomes.watch(mock, 2);
        producer.send(new ProducerRecord<>("t", "a"));
        producer.send(new ProducerRecord<>("t", "b"));
        assertThat(Outcomes.current().summary()).isEqualTo("Delivered 2 of 2 messages.");
        assertThat(Outcomes.current().exitCode()).isEqualTo(ExitCode.OK);
    }

    @Test
    void shouldStopTakingMessagesOnceASendTimedOut() {
        MockProducer<String, String> mock = new MockProducer<>(false, null, new StringSerializer(),
                new StringSerializer());
        Producer<String, String> producer = Outcomes.watch(mock, 3);
        producer.send(new ProducerRecord<>("t", 0, null, "a"));
        mock.errorNext(new TimeoutException("Topic t not present in metadata after 15000 ms."));

        assertThatThrownBy(() -> producer.send(new ProducerRecord<>("t", 0, null, "b")))
                .isInstanceOf(ClusterUnreachableException.class)
                .hasMessageContaining("not present in metadata");
        assertThat(mock.history()).hasSize(1); // the second never reached the producer
        assertThat(Outcomes.current().summary()).startsWith("Delivered 0, unknown 1, not sent 2 of 3 messages.");
    }

    @Test
    void shouldCountAMessageTheProducerRefusedAsNotSent() {
        MockProducer<String, String> mock = new MockProducer<>(true, null, new StringSerializer(),
                new StringSerializer());
        Producer<String, String> producer = Outcomes.watch(mock, 2);
        producer.send(new ProducerRecord<>("t", "a"));
        mock.close();
        assertThatThrownBy(() -> producer.send(new ProducerRecord<>("t", "b")))
                .isInstanceOf(IllegalStateException.class);
        assertThat(Outcomes.current().summary()).isEqualTo("Delivered 1, not sent 1 of 2 messages.");
    }

    @Test
    void shouldCountAMessageOnlyOnceItsCallbackHasPrintedItsLine() {
        MockProducer<String, String> mock = new MockProducer<>(false, null, new StringSerializer(),
                new StringSerializer());
        Producer<String, String> producer = Outcomes.watch(mock, 1);
        List<Integer> countedWhilePrinting = new ArrayList<>();
        producer.send(new ProducerRecord<>("t", "a"),
                (m, e) -> countedWhilePrinting.add(Outcomes.current().count(Outcome.DELIVERED, false)));
        mock.completeNext();

        // a summary made while the callback prints (Ctrl-C) never counts a line that is not printed yet
        assertThat(countedWhilePrinting).containsExactly(0);
        assertThat(Outcomes.current().count(Outcome.DELIVERED, false)).isEqualTo(1);
    }

    @Test
    void shouldPrintTheSummaryOnceAndNothingOfTheRunsAfterIt() {
        Outcomes.watch(new MockProducer<>(true, null, new StringSerializer(), new StringSerializer()), 1);
        Outcomes outcomes = Outcomes.current();
        List<String> said = new ArrayList<>();

        assertThat(outcomes.unlessSummarized(() -> said.add("Interrupted"))).isTrue();
        outcomes.logSummary();
        outcomes.logSummary();
        assertThat(outcomes.summaryPrinted()).isTrue();
        assertThat(outcomes.unlessSummarized(() -> said.add("too late"))).isFalse();
        assertThat(said).containsExactly("Interrupted");
    }

    @Test
    void shouldNameTheBrokersRefusalInTheSummary() {
        MockProducer<String, String> mock = new MockProducer<>(false, null, new StringSerializer(),
                new StringSerializer());
        Producer<String, String> producer = Outcomes.watch(mock, 2);
        producer.send(new ProducerRecord<>("t", 0, null, "a"));
        producer.send(new ProducerRecord<>("t", 0, null, "b"));
        mock.errorNext(new TopicAuthorizationException(Set.of("t")));
        mock.errorNext(new TopicAuthorizationException(Set.of("t")));

        assertThat(Outcomes.current().summary()).isEqualTo("Delivered 0, failed 2 of 2 messages. Why: "
                + "TopicAuthorizationException: Not authorized to access topics: [t]");
    }

    @Test
    void shouldNotGuessACauseForAMessageThatOnlyTimedOut() {
        MockProducer<String, String> mock = new MockProducer<>(false, null, new StringSerializer(),
                new StringSerializer());
        Producer<String, String> producer = Outcomes.watch(mock, 1);
        producer.send(new ProducerRecord<>("t", 0, null, "a"));
        mock.errorNext(new TimeoutException("Expiring 1 record(s)"));

        assertThat(Outcomes.current().summary()).doesNotContain("Why:");
    }
}
