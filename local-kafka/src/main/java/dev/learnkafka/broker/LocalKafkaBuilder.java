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
    /** The data directory's lock when the caller took it (LocalKafkaMain); null: the cluster takes it. */
    DataDirectory.Lock dataDirLock;
    final Map<String, String> saslUsers = new LinkedHashMap<>();
    final Map<String, String> saslSslUsers = new LinkedHashMap<>();
    Path tlsDirectory;
    final Map<String, String> overrides = new LinkedHashMap<>();

    LocalKafkaBuilder() {
    }

    /** The first node's client port; 0 (the default) picks a free one, as for its other ports. */
    public LocalKafkaBuilder port(int port) {
        return nodePorts(1, port, 0, 0);
    }

    /**
     * Fixed ports for one node (1-based id) of a multi-node cluster, the last one for its SASL_SSL listener (with
     * {@link #saslSslPlainUser}); 0 picks a free one. Fixed ports let a cluster kept in a data directory come back
     * at the addresses its users already know.
     */
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

    /**
     * The data directory, already prepared and locked by the caller (LocalKafkaMain locks it before it creates
     * any logger); the cluster owns the lock from now on and releases it on {@link LocalKafka#close()}.
     */
    LocalKafkaBuilder dataDir(Path dataDir, DataDirectory.Lock lock) {
        this.dataDirLock = lock;
        return dataDir(dataDir);
    }

    /** Adds a SASL_PLAINTEXT listener (mechanism PLAIN) that accepts this user. */
    public LocalKafkaBuilder saslPlainUser(String user, String password) {
        saslUsers.put(user, password);
        return this;
    }

    /**
     * Adds a SASL_SSL listener (mechanism PLAIN) that accepts this user: TLS with a CA and a broker certificate
     * for {@code localhost} made when the cluster is built (the JDK's keytool), as a real cluster has it.
     */
    public LocalKafkaBuilder saslSslPlainUser(String user, String password) {
        saslSslUsers.put(user, password);
        return this;
    }

    /**
     * Where the TLS files go (the client's truststore {@code ca.pem}, a ready {@code client.properties}, the
     * broker's keystore); by default {@code tls} in the data directory. The certificates are made anew at each
     * build, the client properties at the first start, and the directory is this cluster's until it is closed:
     * another cluster given it fails to build.
     */
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
