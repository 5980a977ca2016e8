package dev.learnkafka.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;

import kafka.server.KafkaRaftServer;
import org.junit.jupiter.api.Test;

/**
 * The one place local-kafka reaches into a Kafka class it does not own: {@link LocalKafkaNode} stops a broker
 * without Kafka's hard-coded five-minute controlled shutdown by taking the {@code BrokerServer} out of
 * {@code KafkaRaftServer}'s private field {@code broker}. Should a Kafka upgrade rename or retype that field, the
 * stop still works (it falls back to the plain shutdown) but can take minutes; this test says so at once.
 */
class KafkaInternalsTest {

    @Test
    void shouldFindTheBrokerFieldOfKafkaRaftServerThatTheQuickStopReaches() throws Exception {
        Field field = KafkaRaftServer.class.getDeclaredField("broker");
        assertThat(field.getType())
                .as("KafkaRaftServer.broker holds the BrokerServer in a scala.Option; LocalKafkaNode.brokerOf reads it")
                .isEqualTo(scala.Option.class);
    }
}
