package dev.learnkafka.testing;

/** Where the tests' broker comes from. All three are real Apache Kafka. */
public enum BrokerKind {
    /** {@code KAFKA_BOOTSTRAP_SERVERS} is set: a broker someone else runs. */
    EXTERNAL,
    /** Testcontainers' {@code apache/kafka} image, when a Docker engine answers. */
    CONTAINER,
    /** Kafka's own server classes in this JVM ({@code local-kafka}). */
    EMBEDDED
}
