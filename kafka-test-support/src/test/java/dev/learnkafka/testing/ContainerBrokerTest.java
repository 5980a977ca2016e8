package dev.learnkafka.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Runs only where a Docker engine answers; on machines without one it is skipped, not failed, saying what it needs. */
@Tag("broker")
class ContainerBrokerTest {

    @Test
    void shouldStartThePinnedApacheKafkaImage() throws Exception {
        assumeTrue(ContainerBroker.dockerAvailable(), () -> "needs " + ContainerBroker.NEEDS
                + ". No Docker engine answers here: skipped.");
        try (ContainerBroker broker = new ContainerBroker(); var admin = broker.admin()) {
            assertThat(ContainerBroker.IMAGE).startsWith("apache/kafka:");
            assertThat(admin.describeCluster().nodes().get(60, TimeUnit.SECONDS)).isNotEmpty();
        }
    }
}
