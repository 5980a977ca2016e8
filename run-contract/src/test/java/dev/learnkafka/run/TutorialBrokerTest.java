package dev.learnkafka.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class TutorialBrokerTest {

    @Test
    void shouldReadAListOfHostAndPort() {
        assertThat(TutorialBroker.parse("localhost:9092, broker-2:19092"))
                .extracting(a -> a.getHostString() + ":" + a.getPort())
                .containsExactly("localhost:9092", "broker-2:19092");
    }

    @Test
    void shouldRejectAddressesThatAreNotHostAndPort() {
        for (String bad : new String[] {"localhost", "localhost:", ":9092", "localhost:abc", "localhost:70000"}) {
            assertThatThrownBy(() -> TutorialBroker.parse(bad)).as(bad).isInstanceOf(UsageException.class)
                    .hasMessageContaining("KAFKA_BOOTSTRAP_SERVERS");
        }
    }

    @Test
    void shouldTakeTheTopicAndConfigFromTheEnvironment() {
        TutorialEnvironment env = TutorialEnvironment.of(Map.of("KAFKA_TOPIC", "orders"));
        assertThat(env.topic()).isEqualTo("orders");
        assertThat(env.bootstrapServers()).isNull();
        assertThat(TutorialEnvironment.of(Map.of()).topic()).isEqualTo("first_topic");
    }
}
