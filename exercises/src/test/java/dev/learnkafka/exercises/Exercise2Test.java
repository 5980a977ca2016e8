package dev.learnkafka.exercises;

import static dev.learnkafka.exercises.Feedback.check;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.learnkafka.testing.KafkaBroker;
import dev.learnkafka.testing.KafkaTest;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@KafkaTest
@Exercise(number = 2, title = "predict the partitions of keyed records", page = "02-partition-predictor.md")
@Timeout(30)
class Exercise2Test {
    /**
     * From librdkafka's own partitioner test (tests/0048-partitioner.c): three keys and their CRC32, the hash of
     * its default partitioner, so this check does not trust any Java code for librdkafka's side.
     */
    private static final String[] LIBRDKAFKA_KEYS = {"23456", "this is another string with more length to it perhaps", "hejsan"};
    private static final long[] LIBRDKAFKA_CRC32 = {0xb1b451d7L, 0xb0150df7L, 0xd077037eL};

    @Test
    void shouldPredictThePartitionTheBrokerReportsForEachKey(KafkaBroker broker) throws Exception {
        PartitionPredictor predictor = Exercises.implementation(PartitionPredictor.class);
        String topic = KafkaBroker.uniqueTopic("keys");
        broker.createTopic(topic, 5);
        List<String> keys = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            keys.add("key-" + i);
        }
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        try (var producer = new KafkaProducer<String, String>(Exercises.settings(broker))) {
            for (String key : keys) {
                sent.add(producer.send(new ProducerRecord<>(topic, key, "value of " + key)));
            }
            for (int i = 0; i < keys.size(); i++) {
                int actual = sent.get(i).get(20, TimeUnit.SECONDS).partition();
                int predicted = predictor.javaPartition(keys.get(i), 5);
                check(predicted == actual, "javaPartition(\"" + keys.get(i) + "\", 5) = " + actual
                                + ", the partition the broker reported", "you predicted " + predicted,
                        "the default partitioner hashes the serialized key (UTF-8 bytes) with murmur2, makes it"
                                + " positive and takes it modulo the partition count; kafka-clients has both"
                                + " functions in org.apache.kafka.common.utils.Utils.");
            }
        }
    }

    @Test
    void shouldPredictLibrdkafkasPartitionAndSeeWhereItDiffers() {
        PartitionPredictor predictor = Exercises.implementation(PartitionPredictor.class);
        for (int partitions : new int[] {3, 7, 17}) {
            for (int i = 0; i < LIBRDKAFKA_KEYS.length; i++) {
                int expected = (int) (LIBRDKAFKA_CRC32[i] % partitions);
                int predicted = predictor.librdkafkaPartition(LIBRDKAFKA_KEYS[i], partitions);
                check(predicted == expected, "librdkafkaPartition(\"" + LIBRDKAFKA_KEYS[i] + "\", " + partitions
                                + ") = " + expected + " (librdkafka's own test says CRC32 = 0x"
                                + Long.toHexString(LIBRDKAFKA_CRC32[i]) + ")", "you predicted " + predicted,
                        "librdkafka's default, consistent_random, takes the CRC-32 of the key bytes"
                                + " (java.util.zip.CRC32, an unsigned value) modulo the partition count.");
            }
        }
        int java = predictor.javaPartition("key-1", 3);
        int librdkafka = predictor.librdkafkaPartition("key-1", 3);
        check(java != librdkafka, "key-1 on 3 partitions: different partitions from Java and node-rdkafka",
                "both say " + java, "the two clients use different hash functions; check both methods again.");
    }
}
