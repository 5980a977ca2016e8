package dev.learnkafka.testing;

/** A broker run by someone else, named by {@code KAFKA_BOOTSTRAP_SERVERS}. Never stopped by the tests. */
final class ExternalBroker implements KafkaBroker {
    private final String bootstrapServers;

    ExternalBroker(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers.trim();
    }

    @Override
    public BrokerKind kind() {
        return BrokerKind.EXTERNAL;
    }

    @Override
    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public String describe() {
        return "the external broker at " + bootstrapServers + " (KAFKA_BOOTSTRAP_SERVERS)";
    }
}
