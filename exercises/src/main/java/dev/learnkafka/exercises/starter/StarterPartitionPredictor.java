package dev.learnkafka.exercises.starter;

import dev.learnkafka.exercises.PartitionPredictor;

/** Your solution to exercise 2 goes here. */
public class StarterPartitionPredictor implements PartitionPredictor {
    @Override
    public int javaPartition(String key, int partitions) {
        throw new UnsupportedOperationException("TODO: exercise 2, the Java client's partition for a key");
    }

    @Override
    public int librdkafkaPartition(String key, int partitions) {
        throw new UnsupportedOperationException("TODO: exercise 2, librdkafka's partition for a key");
    }
}
