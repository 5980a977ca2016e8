package dev.learnkafka.producer.highlevel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.IntStream;
import java.util.zip.CRC32;

import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

/**
 * Where a keyed record goes: the Java client hashes the key with murmur2, node-rdkafka's default partitioner
 * ({@code consistent_random}) with CRC32. Pure computation; {@code ValueSenderTest} checks the Java side
 * against a broker.
 *
 * <p>The expected values come from librdkafka's own partitioner test ({@code tests/0048-partitioner.c}), which
 * lists the CRC32 and the murmur2 of three keys.
 */
class KeyPartitionTest {
    private static final String[] LIBRDKAFKA_TEST_KEYS = {
        "23456", "this is another string with more length to it perhaps", "hejsan"};
    private static final long[] LIBRDKAFKA_TEST_CRC32 = {0xb1b451d7L, 0xb0150df7L, 0xd077037eL};
    private static final long[] LIBRDKAFKA_TEST_MURMUR2 = {0x058d780fL, 0x4f7703daL, 0x5ec19395L};

    /** The Java client's partition for a key: {@code Utils.toPositive(Utils.murmur2(keyBytes)) % partitions}. */
    static int javaPartition(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /**
     * librdkafka's {@code rd_kafka_msg_partitioner_consistent}: {@code rd_crc32(key, keylen) % partition_cnt}, an
     * unsigned 32-bit CRC (the standard CRC-32, as {@link CRC32} computes it) modulo the partition count. Its
     * default {@code consistent_random} uses it for every non-empty key.
     */
    static int librdkafkaPartition(String key, int partitions) {
        CRC32 crc = new CRC32();
        crc.update(key.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % partitions); // getValue() is the unsigned CRC, as C's uint32_t
    }

    @Test
    void shouldComputeLibrdkafkasConsistentPartitionAsCrc32OfTheKeyModuloThePartitionCount() {
        for (int partitions : new int[] {7, 17}) { // librdkafka's test uses 7 or 17 partitions
            for (int i = 0; i < LIBRDKAFKA_TEST_KEYS.length; i++) {
                assertThat(librdkafkaPartition(LIBRDKAFKA_TEST_KEYS[i], partitions))
                        .as("consistent partition of '%s' over %d partitions", LIBRDKAFKA_TEST_KEYS[i], partitions)
                        .isEqualTo((int) (LIBRDKAFKA_TEST_CRC32[i] % partitions));
            }
        }
    }

    @Test
    void shouldComputeTheJavaPartitionAsThePositiveMurmur2OfTheKeyModuloThePartitionCount() {
        for (int partitions : new int[] {3, 7, 17}) {
            for (int i = 0; i < LIBRDKAFKA_TEST_KEYS.length; i++) {
                byte[] key = LIBRDKAFKA_TEST_KEYS[i].getBytes(StandardCharsets.UTF_8);
                // librdkafka's murmur2 partitioner (not its default) is the Java one: same numbers
                assertThat(javaPartition(LIBRDKAFKA_TEST_KEYS[i], partitions))
                        .isEqualTo((int) (LIBRDKAFKA_TEST_MURMUR2[i] % partitions))
                        // and the formula is the one the producer itself uses
                        .isEqualTo(BuiltInPartitioner.partitionForKey(key, partitions));
            }
        }
    }

    @Test
    void shouldPutKey1OnPartition0FromJavaButOnPartition2FromNodeRdkafkasDefaultPartitioner() {
        assertThat(javaPartition("key-1", 3)).isZero();
        assertThat(librdkafkaPartition("key-1", 3)).isEqualTo(2);

        // not a rare accident: of key-1 .. key-6 over 3 partitions, most land elsewhere
        long differ = IntStream.rangeClosed(1, 6).mapToObj(i -> "key-" + i)
                .filter(k -> javaPartition(k, 3) != librdkafkaPartition(k, 3)).count();
        assertThat(differ).isEqualTo(4);
    }
}
