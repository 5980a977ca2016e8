package dev.learnkafka.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import kafka.server.BrokerServer;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Kafka process-equivalent: a combined broker + controller (KRaft) node, running in this JVM.
 * It keeps its ports and its directory across stop/start, so a restart looks like the same broker.
 */
final class LocalKafkaNode {
    private static final Logger log = LoggerFactory.getLogger(LocalKafkaNode.class);

    /** The node's ports; {@code sasl} and {@code tls} are 0 where the node has no such listener. */
    record Listeners(int client, int controller, int sasl, int tls) {
    }

    private final int nodeId;
    private final Listeners ports;
    private final Path directory;
    private volatile KafkaRaftServer server;

    LocalKafkaNode(int nodeId, Listeners ports, Path directory) {
        this.nodeId = nodeId;
        this.ports = ports;
        this.directory = directory;
    }

    int nodeId() {
        return nodeId;
    }

    Listeners ports() {
        return ports;
    }

    boolean isRunning() {
        return server != null;
    }

    Path logDirectory() {
        return directory.resolve("data");
    }

    /** Formats the storage once (what kafka-storage.sh format does), then starts the server. */
    synchronized void start(Properties config, String clusterId) {
        if (server != null) {
            return;
        }
        for (int port : new int[] {ports.client(), ports.controller(), ports.sasl(), ports.tls()}) {
            Ports.requireFree(port, "Stop it or choose another port.");
        }
        format(config, clusterId);
        KafkaRaftServer raftServer = new KafkaRaftServer(KafkaConfig.fromProps(config, false), Time.SYSTEM);
        try {
            raftServer.startup();
        } catch (RuntimeException e) {
            shutdownQuietly(raftServer);
            throw new LocalKafkaException("Kafka node " + nodeId + " failed to start: " + rootMessage(e), e);
        }
        server = raftServer;
        log.info("Kafka node {} is up on localhost:{} (controller on {}{}).", nodeId, ports.client(),
                ports.controller(), ports.tls() > 0 ? ", SASL_SSL on " + ports.tls() : "");
    }

    /**
     * A clean shutdown, as Ctrl-C on kafka-server-start.sh does; the data stays.
     *
     * @param controllerQuorum whether a majority of the cluster's controllers is running, so that the broker's
     *                         controlled shutdown (leaders moved away first) can complete; without one, Kafka would
     *                         wait five minutes for it, so the broker stops without it
     */
    void stop(boolean controllerQuorum) {
        stop(controllerQuorum ? null : "no majority of controllers is running");
    }

    /**
     * @param noControlledShutdownBecause why the broker stops without a controlled shutdown, or null for one
     */
    synchronized void stop(String noControlledShutdownBecause) {
        KafkaRaftServer running = server;
        if (running == null) {
            return;
        }
        // asked before server is cleared: afterwards the node reports no offline directory
        boolean storageFailed = !offlineLogDirectories().isEmpty();
        server = null;
        if (noControlledShutdownBecause != null) {
            log.info("Kafka node {} stops without a controlled shutdown: {}.", nodeId, noControlledShutdownBecause);
            shutdownBrokerWithoutControlledShutdown(running);
        } else if (storageFailed) {
            // The controller of this node keeps its metadata log in the same failed directory: it cannot commit the
            // shutdown, and Kafka would wait five minutes for it (a real broker would have halted already).
            log.info("Kafka node {} stops without a controlled shutdown: its log directory {} is offline.", nodeId,
                    logDirectory());
            shutdownBrokerWithoutControlledShutdown(running);
        }
        shutdownQuietly(running);
        log.info("Kafka node {} on localhost:{} is stopped.", nodeId, ports.client());
    }

    /**
     * The log directory of this node when Kafka has taken it offline after a failed write (a full disk, an I/O
     * error): its partitions then answer producers with KAFKA_STORAGE_ERROR until the node restarts. Empty while the
     * directory works or the node is stopped. It asks the broker's own log manager, in this JVM: no request is sent.
     */
    List<Path> offlineLogDirectories() {
        BrokerServer broker = brokerOf(server);
        if (broker == null) {
            return List.of();
        }
        try {
            // LogManager comes from kafka-storage, which this module has at run time only: called by name
            Object logs = BrokerServer.class.getMethod("logManager").invoke(broker);
            boolean offline = logs != null
                    && Boolean.TRUE.equals(logs.getClass().getMethod("hasOfflineLogDirs").invoke(logs));
            // a node has one log directory (log.dirs), so an offline one is that one
            return offline ? List.of(logDirectory()) : List.of();
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.debug("Could not ask node {} for offline log directories: {}", nodeId, rootMessage(e));
            return List.of();
        }
    }

    /**
     * {@code KafkaRaftServer.shutdown()} gives its broker five minutes for the controlled shutdown, hard-coded. The
     * broker itself takes a timeout ({@code BrokerServer.shutdown(Duration)}) but the server keeps it in a private
     * field, so it is reached by reflection; the server's own shutdown then finds the broker already stopped. Should a
     * future Kafka rename the field, this falls back to the plain shutdown, and {@code KafkaInternalsTest} fails to
     * say so. The one reflective access into Kafka in this project.
     */
    private void shutdownBrokerWithoutControlledShutdown(KafkaRaftServer raftServer) {
        BrokerServer broker = brokerOf(raftServer);
        if (broker == null) {
            return;
        }
        try {
            broker.shutdown(Duration.ZERO);
        } catch (RuntimeException e) {
            log.debug("Could not shut the broker of node {} down without a controlled shutdown: {}", nodeId,
                    rootMessage(e));
        }
    }

    /** The broker half of a combined node, kept by KafkaRaftServer in a private field; null if it cannot be had. */
    private BrokerServer brokerOf(KafkaRaftServer raftServer) {
        if (raftServer == null) {
            return null;
        }
        try {
            Field field = KafkaRaftServer.class.getDeclaredField("broker");
            field.setAccessible(true);
            if (field.get(raftServer) instanceof scala.Option<?> option && option.isDefined()
                    && option.get() instanceof BrokerServer broker) {
                return broker;
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.debug("Could not reach the broker of node {}: {}", nodeId, rootMessage(e));
        }
        return null;
    }

    private void format(Properties config, String clusterId) {
        try {
            Files.createDirectories(directory);
            // owner only: with a TLS or SASL listener it holds passwords
            Path configFile = LocalTls.createOwnerOnly(directory.resolve("server.properties"));
            try (OutputStream out = Files.newOutputStream(configFile)) {
                config.store(out, "written by local-kafka for node " + nodeId);
            }
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            int code;
            try (PrintStream printStream = new PrintStream(output, true, StandardCharsets.UTF_8)) {
                code = StorageTool.execute(new String[] {
                    "format", "--cluster-id", clusterId, "--config", configFile.toString(), "--ignore-formatted"
                }, printStream);
            }
            String printed = output.toString(StandardCharsets.UTF_8).trim();
            if (code != 0) {
                throw new LocalKafkaException("Formatting the storage of node " + nodeId + " in " + directory
                        + " failed: " + printed);
            }
            log.debug("Storage of node {}: {}", nodeId, printed);
        } catch (IOException e) {
            throw new LocalKafkaException("Cannot write the broker's data directory " + directory + ": " + e, e);
        } catch (LocalKafkaException e) {
            throw e;
        } catch (Exception e) {
            throw new LocalKafkaException("Formatting the storage of node " + nodeId + " in " + directory
                    + " failed: " + rootMessage(e), e);
        }
    }

    private static void shutdownQuietly(KafkaRaftServer raftServer) {
        try {
            raftServer.shutdown();
            raftServer.awaitShutdown();
        } catch (RuntimeException e) {
            log.warn("The Kafka node did not shut down cleanly: {}", rootMessage(e));
        }
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null ? root.getClass().getSimpleName() : message;
    }

    /** The server side of SASL/PLAIN: the users a listener accepts, with their passwords. */
    private static String plainJaas(Map<String, String> users) {
        StringBuilder jaas = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required");
        users.forEach((user, password) -> jaas.append(" user_").append(user).append("=\"").append(password)
                .append('"'));
        return jaas.append(';').toString();
    }

    /** Node config for a combined broker + controller, as config/server.properties of the Kafka distribution. */
    static Properties config(LocalKafkaNode node, String voters, int clusterSize, Map<String, String> saslUsers,
                             Map<String, String> saslSslUsers, LocalTls tls, Map<String, String> overrides) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", Integer.toString(node.nodeId));
        p.setProperty("controller.quorum.voters", voters);
        // each client listener is named after its security protocol
        Map<String, Integer> clientListeners = new LinkedHashMap<>();
        clientListeners.put("PLAINTEXT", node.ports.client());
        if (node.ports.sasl() > 0) {
            clientListeners.put("SASL_PLAINTEXT", node.ports.sasl());
            p.setProperty("sasl.enabled.mechanisms", "PLAIN");
            p.setProperty("listener.name.sasl_plaintext.plain.sasl.jaas.config", plainJaas(saslUsers));
        }
        if (node.ports.tls() > 0) {
            // what a company's or a managed cluster offers its clients: TLS, and SASL/PLAIN inside it
            clientListeners.put("SASL_SSL", node.ports.tls());
            p.setProperty("sasl.enabled.mechanisms", "PLAIN");
            p.setProperty("listener.name.sasl_ssl.plain.sasl.jaas.config", plainJaas(saslSslUsers));
            p.setProperty("listener.name.sasl_ssl.ssl.keystore.type", "PKCS12");
            p.setProperty("listener.name.sasl_ssl.ssl.keystore.location", tls.keystore().toString());
            p.setProperty("listener.name.sasl_ssl.ssl.keystore.password", tls.keystorePassword());
            p.setProperty("listener.name.sasl_ssl.ssl.key.password", tls.keystorePassword());
        }
        String advertised = clientListeners.entrySet().stream()
                .map(l -> l.getKey() + "://localhost:" + l.getValue()).collect(Collectors.joining(","));
        p.setProperty("listeners", advertised + ",CONTROLLER://localhost:" + node.ports.controller());
        p.setProperty("advertised.listeners", advertised);
        p.setProperty("listener.security.protocol.map", clientListeners.keySet().stream()
                .map(name -> name + ":" + name).collect(Collectors.joining(",")) + ",CONTROLLER:PLAINTEXT");
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("log.dirs", node.logDirectory().toString());
        String replicas = Integer.toString(Math.min(clusterSize, 3));
        p.setProperty("offsets.topic.replication.factor", replicas);
        p.setProperty("transaction.state.log.replication.factor", replicas);
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", replicas);
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        // A controlled shutdown completes on a broker heartbeat: every 2 s by default, 0.5 s here (all on localhost).
        p.setProperty("broker.heartbeat.interval.ms", "500");
        if (clusterSize > 1) {
            // A node restarted by startNode() is refused (DUPLICATE_BROKER_REGISTRATION) until the session of its
            // previous run expires; that takes 9 s by default when the active controller moved meanwhile. A single
            // node keeps the default: there a late heartbeat of a busy JVM would fence the only broker.
            p.setProperty("broker.session.timeout.ms", "3000");
        }
        // a tutorial broker on a laptop: small segments and indexes keep the data directory small
        p.setProperty("log.segment.bytes", Integer.toString(64 * 1024 * 1024));
        p.setProperty("num.network.threads", "2");
        p.setProperty("num.io.threads", "4");
        // the log cleaner's key map is a heap buffer of 128 MB by default, taken at start: 2 MB, as Kafka's own
        // test clusters have it, holds the keys of a tutorial's compacted topics (tests run several nodes per JVM)
        p.setProperty("log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024));
        p.putAll(overrides);
        return p;
    }
}
