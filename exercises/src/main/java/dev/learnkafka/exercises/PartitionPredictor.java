package dev.learnkafka.exercises;

/**
 * Exercise 2 (stage 01): predict where a keyed record lands, then let the broker prove it. The page:
 * docs/exercises/02-partition-predictor.md
 *
 * <p>Compute, without a producer, the partition the Java client's default partitioner picks for a key (String
 * serializer, UTF-8 bytes), and the one node-rdkafka's default partitioner ({@code consistent_random}) picks for
 * the same key. The test sends keyed records to a real topic and compares.
 */
public interface PartitionPredictor {

    /** The partition the Java client picks for {@code key} on a topic of {@code partitions} partitions. */
    int javaPartition(String key, int partitions);

    /** The partition librdkafka's default partitioner (what node-rdkafka uses) picks for the same key. */
    int librdkafkaPartition(String key, int partitions);
}
