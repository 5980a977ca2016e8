package dev.learnkafka.exercises.solution;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

import dev.learnkafka.exercises.PartitionPredictor;
import org.apache.kafka.common.utils.Utils;

/** Exercise 2, a reference solution: two hash functions over the same bytes. */
public class SolutionPartitionPredictor implements PartitionPredictor {
    @Override
    public int javaPartition(String key, int partitions) {
        // BuiltInPartitioner.partitionForKey: murmur2 of the serialized key, made positive, modulo the count
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    @Override
    public int librdkafkaPartition(String key, int partitions) {
        // rd_kafka_msg_partitioner_consistent: CRC32 of the key bytes (unsigned) modulo the count
        CRC32 crc = new CRC32();
        crc.update(key.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % partitions);
    }
}
