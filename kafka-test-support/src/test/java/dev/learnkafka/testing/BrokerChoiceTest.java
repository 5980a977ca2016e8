package dev.learnkafka.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class BrokerChoiceTest {

    @Test
    void shouldUseTheExternalBrokerWhenTheEnvironmentNamesOne() {
        AtomicInteger dockerAsked = new AtomicInteger();
        BrokerKind kind = BrokerChoice.decide(null, "localhost:9092", () -> dockerAsked.incrementAndGet() > 0);

        assertThat(kind).isEqualTo(BrokerKind.EXTERNAL);
        assertThat(dockerAsked).as("Docker is not asked when the answer does not depend on it").hasValue(0);
    }

    @Test
    void shouldUseAContainerWhenDockerAnswersAndNoBrokerIsNamed() {
        assertThat(BrokerChoice.decide(null, null, () -> true)).isEqualTo(BrokerKind.CONTAINER);
        assertThat(BrokerChoice.decide("auto", "  ", () -> true)).isEqualTo(BrokerKind.CONTAINER);
    }

    @Test
    void shouldFallBackToTheEmbeddedBrokerWithoutDocker() {
        assertThat(BrokerChoice.decide(null, "", () -> false)).isEqualTo(BrokerKind.EMBEDDED);
    }

    @Test
    void shouldHonourAForcedChoiceWhateverElseIsTrue() {
        assertThat(BrokerChoice.decide("embedded", "localhost:9092", () -> true)).isEqualTo(BrokerKind.EMBEDDED);
        assertThat(BrokerChoice.decide("CONTAINER", "localhost:9092", () -> false)).isEqualTo(BrokerKind.CONTAINER);
        assertThat(BrokerChoice.decide("external", "broker:9092", () -> true)).isEqualTo(BrokerKind.EXTERNAL);
    }

    @Test
    void shouldRejectExternalWithoutAnAddress() {
        assertThatThrownBy(() -> BrokerChoice.decide("external", null, () -> true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("KAFKA_BOOTSTRAP_SERVERS");
    }

    @Test
    void shouldRejectAnUnknownKind() {
        assertThatThrownBy(() -> BrokerChoice.decide("zookeeper", null, () -> true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("auto, external, container or embedded");
    }
}
