package dev.learnkafka.testing;

import dev.learnkafka.broker.LocalKafka;

/** Kafka's own server classes in this JVM, from {@code local-kafka}, on a free port. */
final class EmbeddedBroker implements KafkaBroker, AutoCloseable {
    private final LocalKafka kafka;

    EmbeddedBroker() {
        this.kafka = KafkaBrokerExtension.forTests(LocalKafka.builder()).build().start();
    }

    @Override
    public BrokerKind kind() {
        return BrokerKind.EMBEDDED;
    }

    @Override
    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    @Override
    public String describe() {
        return "an embedded Kafka broker (KRaft, in this JVM) at " + bootstrapServers();
    }

    @Override
    public void close() {
        kafka.close();
    }
}
