package dev.learnkafka.broker;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The options of a local cluster and their checks: the body of {@link LocalKafka.Builder}, which callers name (through
 * {@link LocalKafka#builder()}). It is a file of its own so that LocalKafka holds the running cluster only; every
 * method returns {@code LocalKafka.Builder}, the one subclass, so a caller never sees this class.
 */
abstract sealed class LocalKafkaBuilder permits LocalKafka.Builder {
    /** One node's fixed ports; 0 lets the cluster pick a free one when it is built. */
    record NodePorts(int client, int controller, int tls) {
        static final NodePorts PICK_FREE = new NodePorts(0, 0, 0);

        NodePorts {
            checkPort(client);
            checkPort(controller);
            checkPort(tls);
        }

        private static void checkPort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("A port is a number from 0 to 65535, not " + port + ".");
            }
        }
    }

    // read by LocalKafka's constructor
    int brokers = 1;
    private final Map<Integer, NodePorts> nodePorts = new LinkedHashMap<>();
    Path dataDir;
    /** The data directory's lock when the caller took it (LocalKafkaMain); null: the cluster takes it. */
    DataDirectory.Lock dataDirLock;
    final Map<String, String> saslUsers = new LinkedHashMap<>();
    final Map<String, String> saslSslUsers = new LinkedHashMap<>();
    Path tlsDirectory;
    final Map<String, String> overrides = new LinkedHashMap<>();

    /** The first node's client port; 0 (the default) picks a free one. */
    public LocalKafka.Builder port(int port) {
        return changePorts(1, fixed -> new NodePorts(port, fixed.controller(), fixed.tls()));
    }

    /** The first node's controller port; 0 (the default) picks a free one. */
    public LocalKafka.Builder controllerPort(int controllerPort) {
        return changePorts(1, fixed -> new NodePorts(fixed.client(), controllerPort, fixed.tls()));
    }

    /**
     * Fixed ports for one node (1-based id) of a multi-node cluster; 0 picks a free one. Fixed ports let a
     * cluster kept in a data directory come back at the addresses its users already know.
     */
    public LocalKafka.Builder nodePorts(int nodeId, int port, int controllerPort) {
        return changePorts(nodeId, fixed -> new NodePorts(port, controllerPort, fixed.tls()));
    }

    /** A fixed port for one node's SASL_SSL listener (with {@link #saslSslPlainUser}); 0 picks a free one. */
    public LocalKafka.Builder nodeTlsPort(int nodeId, int port) {
        return changePorts(nodeId, fixed -> new NodePorts(fixed.client(), fixed.controller(), port));
    }

    /** Every port setter: the node id and the ports are checked here, and a wrong one changes nothing. */
    private LocalKafka.Builder changePorts(int nodeId, UnaryOperator<NodePorts> change) {
        if (nodeId < 1) {
            throw new IllegalArgumentException("Node ids start at 1, not " + nodeId + ".");
        }
        nodePorts.put(nodeId, change.apply(ports(nodeId)));
        return self();
    }

    /** The ports fixed for this node; {@link NodePorts#PICK_FREE} where none were. */
    NodePorts ports(int nodeId) {
        return nodePorts.getOrDefault(nodeId, NodePorts.PICK_FREE);
    }

    /** Number of nodes (each broker + controller); 1 by default, 3 for replication. */
    public LocalKafka.Builder brokers(int brokers) {
        if (brokers < 1 || brokers > 9) {
            throw new IllegalArgumentException("A local cluster has 1 to 9 brokers, not " + brokers + ".");
        }
        this.brokers = brokers;
        return self();
    }

    /** Keep data here between runs; by default a temporary directory that {@link LocalKafka#close()} deletes. */
    public LocalKafka.Builder dataDir(Path dataDir) {
        this.dataDir = dataDir;
        return self();
    }

    /**
     * The data directory, already prepared and locked by the caller (LocalKafkaMain locks it before it creates
     * any logger); the cluster owns the lock from now on and releases it on {@link LocalKafka#close()}.
     */
    LocalKafka.Builder dataDir(Path dataDir, DataDirectory.Lock lock) {
        this.dataDir = dataDir;
        this.dataDirLock = lock;
        return self();
    }

    /** Adds a SASL_PLAINTEXT listener (mechanism PLAIN) that accepts this user. */
    public LocalKafka.Builder saslPlainUser(String user, String password) {
        saslUsers.put(user, password);
        return self();
    }

    /**
     * Adds a SASL_SSL listener (mechanism PLAIN) that accepts this user: TLS with a CA and a broker certificate
     * for {@code localhost} made when the cluster is built (the JDK's keytool), as a real cluster has it.
     */
    public LocalKafka.Builder saslSslPlainUser(String user, String password) {
        saslSslUsers.put(user, password);
        return self();
    }

    /**
     * Where the TLS files go (the client's truststore {@code ca.pem}, a ready {@code client.properties}, the
     * broker's keystore); by default {@code tls} in the data directory. They are made anew at each build, and
     * the directory is this cluster's until it is closed: another cluster given it fails to build.
     */
    public LocalKafka.Builder tlsDirectory(Path tlsDirectory) {
        this.tlsDirectory = tlsDirectory;
        return self();
    }

    /** Any broker setting, e.g. {@code auto.create.topics.enable=false}. */
    public LocalKafka.Builder brokerConfig(String key, String value) {
        overrides.put(key, value);
        return self();
    }

    public LocalKafka build() {
        return new LocalKafka(self());
    }

    /** Sealed: LocalKafka.Builder is the only subclass. */
    private LocalKafka.Builder self() {
        return (LocalKafka.Builder) this;
    }
}
