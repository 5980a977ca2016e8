package dev.learnkafka.producer.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;

import org.junit.jupiter.api.Test;

class DebugOptionTest {

    @Test
    void shouldTakeAllOrACommaListInLibrdkafkaSyntax() {
        assertThat(DebugOption.parse("all")).isEqualTo(EnumSet.allOf(DebugContext.class));
        assertThat(DebugOption.parse(" msg, Protocol ")).containsExactly(DebugContext.MSG, DebugContext.PROTOCOL);
        assertThat(DebugOption.parse(null)).isEmpty();
        assertThat(DebugOption.parse("")).isEmpty();
    }

    @Test
    void shouldRejectAnUnknownContextListingTheValidOnes() {
        assertThatThrownBy(() -> DebugOption.parse("msg,bogus"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown debug context 'bogus'")
                .hasMessageContaining("valid: all, generic, broker, topic, metadata, feature, queue, msg, protocol, "
                        + "security, fetch, interceptor, plugin, consumer, cgrp, admin, eos, mock, assignor, conf, "
                        + "telemetry");
    }

    @Test
    void shouldLetTraceWinWhenTwoContextsNameOneLogger() {
        // generic asks KafkaProducer for DEBUG, msg for TRACE
        assertThat(DebugContext.levels(List.of(DebugContext.GENERIC, DebugContext.MSG)))
                .containsEntry("org.apache.kafka.clients.producer.KafkaProducer", "trace");
        assertThat(DebugContext.levels(List.of(DebugContext.MSG, DebugContext.GENERIC)))
                .containsEntry("org.apache.kafka.clients.producer.KafkaProducer", "trace");
    }

    @Test
    void shouldRaiseNothingForContextsWithoutAJavaCounterpart() {
        assertThat(DebugContext.levels(List.of(DebugContext.QUEUE, DebugContext.PLUGIN, DebugContext.MOCK))).isEmpty();
    }
}
