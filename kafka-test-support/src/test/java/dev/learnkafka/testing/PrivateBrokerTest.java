package dev.learnkafka.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import dev.learnkafka.broker.LocalKafka;
import org.junit.jupiter.api.Test;

@KafkaTest
class PrivateBrokerTest {

    @Test
    void shouldGiveATestABrokerOfItsOwnThatItMayRestart(@PrivateBroker LocalKafka mine, KafkaBroker shared)
            throws Exception {
        assertThat(mine.bootstrapServers()).isNotEqualTo(shared.bootstrapServers());
        String before = mine.bootstrapServers();

        mine.stop();
        mine.start();

        assertThat(mine.bootstrapServers()).isEqualTo(before);
        try (var admin = mine.admin()) {
            assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
        }
    }

    @Test
    void shouldApplyTheBrokerSettingsTheTestAsksFor(
            @PrivateBroker(config = "auto.create.topics.enable=false") LocalKafka mine) throws Exception {
        try (var admin = mine.admin()) {
            var resource = new org.apache.kafka.common.config.ConfigResource(
                    org.apache.kafka.common.config.ConfigResource.Type.BROKER, "1");
            var config = admin.describeConfigs(java.util.List.of(resource)).all().get(30, TimeUnit.SECONDS)
                    .get(resource);
            assertThat(config.get("auto.create.topics.enable").value()).isEqualTo("false");
        }
    }
}
