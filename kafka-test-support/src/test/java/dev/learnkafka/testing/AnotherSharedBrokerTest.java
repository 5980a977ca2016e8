package dev.learnkafka.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

@KafkaTest
class AnotherSharedBrokerTest {
    static volatile KafkaBroker seen;

    @Test
    void shouldGetTheSameBrokerAsTheOtherClass(KafkaBroker broker) {
        seen = broker;
        if (SharedBrokerTest.seenByThisClass != null) {
            assertThat(broker).isSameAs(SharedBrokerTest.seenByThisClass);
        }
        assertThat(broker.bootstrapServers()).isNotBlank();
    }
}
