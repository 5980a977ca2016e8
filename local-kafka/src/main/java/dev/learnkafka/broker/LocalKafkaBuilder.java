package dev.learnkafka.broker;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Options for a local cluster, from {@link LocalKafka#builder()}: it builds one with {@link #build()}. */
public final class LocalKafkaBuilder {
    /** One node's fixed ports; 0 lets the cluster pick a free one when it is built. */
    record NodePorts(int client, int controller, int tls) {
        static final NodePorts PICK_FREE = new NodePorts(0, 0, 0);
    }

    int brokers = 1;
    final Map<Integer, NodePorts> nodePorts = new HashMap<>();
    Path dataDir;
    /** null: the cluster takes the lock itself. */
    DataDirectory.Lock dataDirLock;
    final Map<String, String> saslUsers = new LinkedHashMap<>();
    final Map<String, String> saslSslUsers = new LinkedHashMap<>();
    Path tlsDirectory;
    final Map<String, String> overrides = new LinkedHashMap<>();

    LocalKafkaBuilder() {
    }

    /** The first node's client port; 0 (the default) picks a free one. */
    public LocalKafkaBuilder port(int port) {
        return nodePorts(1, port, 0, 0);
    }

    /** Fixed ports for one node (1-based id), the last one for SASL_SSL; 0 picks a free one. */
    public LocalKafkaBuilder nodePorts(int nodeId, int port, int controllerPort, int tlsPort) {
        nodePorts.put(nodeId, new NodePorts(port, controllerPort, tlsPort));
        return this;
    }

    /** Number of nodes (each broker + controller); 1 by default, 3 for replication. */
    public LocalKafkaBuilder brokers(int brokers) {
        if (brokers < 1 || brokers > 9) {
            throw new IllegalArgumentException("A local cluster has 1 to 9 brokers, not " + brokers + ".");
        }
        this.brokers = brokers;
        return this;
    }

    /** Keep data here between runs; by default a temporary directory that {@link LocalKafka#close()} deletes. */
    public LocalKafkaBuilder dataDir(Path dataDir) {
        this.dataDir = dataDir;
        return this;
    }

    /** A data directory the caller prepared and locked; the cluster releases the lock on close. */
    LocalKafkaBuilder dataDir(Path dataDir, DataDirectory.Lock lock) {
        this.dataDirLock = lock;
        return dataDir(dataDir);
    }

    /** Adds a SASL_PLAINTEXT listener (mechanism PLAIN) that accepts this user. */
    public LocalKafkaBuilder saslPlainUser(String user, String password) {
        saslUsers.put(user, password);
        return this;
    }

    /** Adds a SASL_SSL listener (mechanism PLAIN) that accepts this user, with certificates made at build. */
    public LocalKafkaBuilder saslSslPlainUser(String user, String password) {
        saslSslUsers.put(user, password);
        return this;
    }

    /** Where the TLS files go ({@code tls} in the data directory by default): this cluster's alone until closed. */
    public LocalKafkaBuilder tlsDirectory(Path tlsDirectory) {
        this.tlsDirectory = tlsDirectory;
        return this;
    }

    /** Any broker setting, e.g. {@code auto.create.topics.enable=false}. */
    public LocalKafkaBuilder brokerConfig(String key, String value) {
        overrides.put(key, value);
        return this;
    }

    public LocalKafka build() {
        return new LocalKafka(this);
    }
}
