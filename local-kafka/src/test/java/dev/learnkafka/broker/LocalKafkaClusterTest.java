package dev.learnkafka.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * A three-node cluster, for what a single broker cannot show: replication and surviving a lost broker. The tests
 * run in order on one cluster (starting one costs seconds); the last one stops it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@Tag("broker")
class LocalKafkaClusterTest {
    private LocalKafka cluster;

    @BeforeAll
    void startCluster() {
        cluster = LocalKafka.builder().brokers(3).build().start();
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void shouldKeepAcceptingRecordsWhenOneOfThreeBrokersStops() throws Exception {
        String topic = "replicated-" + UUID.randomUUID();
        // min.insync.replicas=2: an acks=all send succeeds only if a second replica has the record too
        cluster.createTopic(topic, 1, 3, Map.of("min.insync.replicas", "2"));
        assertThat(describe(topic).partitions().get(0).replicas()).hasSize(3);
        Clients.produce(cluster.bootstrapServers(), topic, "before");
        int leader = describe(topic).partitions().get(0).leader().id();

        cluster.stopNode(leader);

        Clients.produce(cluster.bootstrapServers(), topic, "after");
        TopicPartitionInfo partition = describe(topic).partitions().get(0);
        assertThat(partition.leader().id()).isNotEqualTo(leader);
        assertThat(partition.isr()).hasSize(2);
        assertThat(Clients.consume(cluster.bootstrapServers(), topic, 2)).containsExactly("before", "after");

        cluster.startNode(leader);

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(describe(topic).partitions().get(0).isr()).hasSize(3));
    }

    /**
     * Losing the controller majority is a fault worth testing, and must not make the test hang: Kafka would give
     * the last broker's controlled shutdown five minutes.
     */
    @Test
    @Order(2)
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void shouldStopInSecondsEvenAfterTheControllerMajorityIsGone() {
        cluster.stopNode(1);
        cluster.stopNode(2);

        cluster.stop();

        assertThat(List.of(1, 2, 3)).noneMatch(cluster::isRunning);
    }

    private TopicDescription describe(String topic) throws Exception {
        try (Admin admin = cluster.admin()) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
        }
    }
}
