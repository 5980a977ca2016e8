package dev.learnkafka.producer.errors;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.clients.producer.BufferExhaustedException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

/** The taxonomy: which exception is which kind, and which kinds the client retries or cannot survive. */
class ErrorKindTest {

    @Test
    void shouldClassifyExceptionsByTheirClass() {
        assertThat(ErrorKind.of(new SaslAuthenticationException("x"), false, true)).isEqualTo(ErrorKind.AUTHENTICATION);
        assertThat(ErrorKind.of(new TopicAuthorizationException("x"), false, true)).isEqualTo(ErrorKind.AUTHORIZATION);
        assertThat(ErrorKind.of(new ClusterAuthorizationException("x"), false, true))
                .isEqualTo(ErrorKind.AUTHORIZATION);
        assertThat(ErrorKind.of(new RecordTooLargeException("x"), true, true)).isEqualTo(ErrorKind.RECORD_TOO_LARGE);
        assertThat(ErrorKind.of(new SerializationException("x"), true, true)).isEqualTo(ErrorKind.SERIALIZATION);
        assertThat(ErrorKind.of(new BufferExhaustedException("x"), true, true))
                .isEqualTo(ErrorKind.BUFFER_EXHAUSTED);
        assertThat(ErrorKind.of(new NotLeaderOrFollowerException("x"), false, true))
                .isEqualTo(ErrorKind.LEADER_CHANGED);
    }

    @Test
    void shouldTellAMissingTopicFromAMissingBrokerByTheConnection() {
        var timeout = new TimeoutException("Topic t not present in metadata after 1000 ms.");
        assertThat(ErrorKind.of(timeout, true, true)).isEqualTo(ErrorKind.UNKNOWN_TOPIC);
        assertThat(ErrorKind.of(timeout, true, false)).isEqualTo(ErrorKind.BROKER_UNREACHABLE);
        assertThat(ErrorKind.of(timeout, false, true)).isEqualTo(ErrorKind.DELIVERY_TIMEOUT);
    }

    @Test
    void shouldNameAStorageErrorOfTheBrokerAsSuchItselfOrAsTheCauseOfATimeout() {
        var storage = new KafkaStorageException("Disk error when trying to access log file on the disk.");
        assertThat(ErrorKind.of(storage, false, true)).isEqualTo(ErrorKind.BROKER_STORAGE);
        assertThat(ErrorKind.of(new TimeoutException("Expiring 1 record(s)", storage), false, true))
                .isEqualTo(ErrorKind.BROKER_STORAGE);
        assertThat(ErrorKind.BROKER_STORAGE.retriable()).isTrue();
        assertThat(ErrorKind.BROKER_STORAGE.fatal()).isFalse();
    }

    @Test
    void shouldMarkOnlyCredentialAndPermissionErrorsFatal() {
        assertThat(ErrorKind.values()).filteredOn(ErrorKind::fatal)
                .containsExactlyInAnyOrder(ErrorKind.AUTHENTICATION, ErrorKind.AUTHORIZATION);
        assertThat(ErrorKind.values()).filteredOn(k -> k.fatal() && k.retriable()).isEmpty();
    }

    @Test
    void shouldReportFailedMessagesOncePerMessageAndTheClientsTroubleOncePerEpisode() {
        assertThat(ErrorKind.values()).filteredOn(ErrorKind::perMessage).containsExactlyInAnyOrder(
                ErrorKind.RECORD_TOO_LARGE, ErrorKind.SERIALIZATION, ErrorKind.BROKER_STORAGE,
                ErrorKind.DELIVERY_TIMEOUT, ErrorKind.DELIVERY_FAILED, ErrorKind.LEADER_CHANGED);
    }
}
