package dev.learnkafka.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/** Runs only where a Docker engine answers; on machines without one it is skipped, not failed. */
@EnabledIf("dockerAvailable")
@Tag("broker")
class ContainerBrokerTest {

    static boolean dockerAvailable() {
        return ContainerBroker.dockerAvailable();
    }

    @Test
    void shouldStartThePinnedApacheKafkaImage() throws Exception {
        try (ContainerBroker broker = new ContainerBroker(); var admin = broker.admin()) {
            assertThat(ContainerBroker.IMAGE).startsWith("apache/kafka:");
            assertThat(admin.describeCluster().nodes().get(60, TimeUnit.SECONDS)).isNotEmpty();
        }
    }
}
