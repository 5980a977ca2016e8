package dev.learnkafka.producer.logging;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * librdkafka's {@code debug} contexts and the Kafka Java client loggers that say the same things.
 *
 * <p>librdkafka has one switch per context; the Java client logs through SLF4J under its class names, so a
 * context here is a list of logger names and the level that makes them talk. The list was taken from a real
 * producer run with every {@code org.apache.kafka} logger at TRACE (kafka-clients 4.4.0), not from guesses:
 * a context whose loggers say nothing in a producer run is marked {@link #quietInAProducer()}, and a context
 * with no Java counterpart has no loggers at all.
 */
public enum DebugContext {
    // tag::contexts[]
    GENERIC("producer start and close",
            debug("org.apache.kafka.clients.producer.KafkaProducer")),
    BROKER("connections: DNS, sockets, connect, disconnect",
            debug("org.apache.kafka.clients.NetworkClient"),
            debug("org.apache.kafka.clients.ClusterConnectionStates"),
            debug("org.apache.kafka.clients.ClientUtils"),
            debug("org.apache.kafka.common.network.Selector")),
    TOPIC("partition leader epochs, partitioner choices",
            debug("org.apache.kafka.clients.Metadata"),
            debug("org.apache.kafka.clients.producer.internals.ProducerMetadata"),
            trace("org.apache.kafka.clients.producer.internals.BuiltInPartitioner")),
    METADATA("metadata updates: cluster id, brokers, partitions",
            debug("org.apache.kafka.clients.Metadata"),
            debug("org.apache.kafka.clients.producer.internals.ProducerMetadata")),
    FEATURE("ApiVersions exchange and the broker's finalized features",
            debug("org.apache.kafka.clients.NetworkClient")),
    QUEUE("no counterpart: the Java client has no librdkafka op queues (see msg)"),
    MSG("append to a batch, batch ready, sent, acknowledged with its offset",
            trace("org.apache.kafka.clients.producer.KafkaProducer"),
            trace("org.apache.kafka.clients.producer.internals.RecordAccumulator"),
            trace("org.apache.kafka.clients.producer.internals.ProducerBatch"),
            trace("org.apache.kafka.clients.producer.internals.Sender")),
    PROTOCOL("every request and response: ApiVersions, Metadata, InitProducerId, Produce",
            debug("org.apache.kafka.clients.NetworkClient")),
    SECURITY("SASL and SSL handshakes, logins",
            debug("org.apache.kafka.common.security"),
            debug("org.apache.kafka.common.network.SaslChannelBuilder"),
            debug("org.apache.kafka.common.network.SslChannelBuilder"),
            debug("org.apache.kafka.common.network.SslTransportLayer")),
    FETCH("consumer fetches", Quiet.IN_A_PRODUCER,
            debug("org.apache.kafka.clients.consumer.internals.AbstractFetch"),
            debug("org.apache.kafka.clients.consumer.internals.Fetcher"),
            debug("org.apache.kafka.clients.consumer.internals.FetchCollector")),
    INTERCEPTOR("failures of configured interceptors (interceptor.classes)", Quiet.IN_A_PRODUCER,
            debug("org.apache.kafka.clients.producer.internals.ProducerInterceptors")),
    PLUGIN("no counterpart: the Java client loads no native plugins"),
    CONSUMER("the consumer", Quiet.IN_A_PRODUCER,
            debug("org.apache.kafka.clients.consumer")),
    CGRP("the consumer group coordinator", Quiet.IN_A_PRODUCER,
            debug("org.apache.kafka.clients.consumer.internals.AbstractCoordinator"),
            debug("org.apache.kafka.clients.consumer.internals.ConsumerCoordinator")),
    ADMIN("the Admin client (this stage creates none)", Quiet.IN_A_PRODUCER,
            debug("org.apache.kafka.clients.admin")),
    EOS("idempotence: producer id, epoch, sequence numbers, transactions",
            trace("org.apache.kafka.clients.producer.internals.TransactionManager")),
    MOCK("no counterpart: MockProducer does not log"),
    ASSIGNOR("consumer partition assignors", Quiet.IN_A_PRODUCER,
            debug("org.apache.kafka.clients.consumer.internals.AbstractPartitionAssignor")),
    CONF("every setting of each client (ProducerConfig values: ...)",
            debug("org.apache.kafka.common.config.AbstractConfig")),
    TELEMETRY("client metrics push to the broker (KIP-714)",
            debug("org.apache.kafka.common.telemetry.internals"));
    // end::contexts[]

    /** A logger name and the level a context raises it to. */
    public record Setting(String logger, String level) {
    }

    /** Marks a context whose loggers exist but say nothing in a producer run. */
    private enum Quiet { IN_A_PRODUCER }

    private final String whatYouSee;
    private final boolean quietInAProducer;
    private final List<Setting> settings;

    DebugContext(String whatYouSee, Setting... settings) {
        this.whatYouSee = whatYouSee;
        this.quietInAProducer = false;
        this.settings = List.of(settings);
    }

    DebugContext(String whatYouSee, Quiet quiet, Setting... settings) {
        this.whatYouSee = whatYouSee;
        this.quietInAProducer = true;
        this.settings = List.of(settings);
    }

    private static Setting debug(String logger) {
        return new Setting(logger, "debug");
    }

    private static Setting trace(String logger) {
        return new Setting(logger, "trace");
    }

    /** The name librdkafka uses: {@code msg}, {@code protocol}, ... */
    public String contextName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String whatYouSee() {
        return whatYouSee;
    }

    /** True when the loggers exist but a producer never makes them say anything. */
    public boolean quietInAProducer() {
        return quietInAProducer;
    }

    /** The loggers and levels; empty when the Java client has no counterpart. */
    public List<Setting> settings() {
        return settings;
    }

    /**
     * The level for each logger that the given contexts raise; where two contexts name one logger, the more
     * verbose level wins (TRACE over DEBUG).
     */
    public static Map<String, String> levels(Iterable<DebugContext> contexts) {
        Map<String, String> levels = new LinkedHashMap<>();
        for (DebugContext context : contexts) {
            for (Setting s : context.settings) {
                levels.merge(s.logger(), s.level(), (a, b) -> a.equals("trace") || b.equals("trace") ? "trace" : a);
            }
        }
        return levels;
    }
}
