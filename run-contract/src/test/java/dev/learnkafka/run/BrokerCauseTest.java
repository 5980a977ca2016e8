package dev.learnkafka.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.junit.jupiter.api.Test;

/**
 * What the brokers' log directories say becomes the "Why:" of a run whose messages timed out. FullDiskTest shows
 * it against a broker whose disk really is full.
 */
class BrokerCauseTest {

    @Test
    void shouldNameAnOfflineLogDirectoryAsAStorageError() {
        var offline = new LogDirDescription(new KafkaStorageException("offline"), Map.of());

        assertThat(BrokerCause.describe(Map.of(1, Map.of("/data", offline))))
                .isEqualTo("the broker cannot write to its disk: log directory /data of broker 1 is offline, so it "
                        + "answers every write with KAFKA_STORAGE_ERROR (KafkaStorageException); is its disk full "
                        + "or failing?");
    }

    @Test
    void shouldSayTheDiskIsFullWhenTheBrokerSaysSo() {
        var full = new LogDirDescription(null, Map.of(), 40L << 20, 4096);

        assertThat(BrokerCause.describe(Map.of(1, Map.of("/data", full))))
                .isEqualTo("the broker's disk is full: log directory /data of broker 1 (4096 bytes free).");
    }

    @Test
    void shouldNameNoCauseWhenEveryLogDirectoryIsFine() {
        var fine = new LogDirDescription(null, Map.of(), 40L << 30, 20L << 30);

        assertThat(BrokerCause.describe(Map.of(1, Map.of("/data", fine)))).isNull();
    }
}
