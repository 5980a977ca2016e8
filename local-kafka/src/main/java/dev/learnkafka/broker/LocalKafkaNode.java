package dev.learnkafka.broker;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.stream.IntStream;

import kafka.server.BrokerServer;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One combined broker + controller (KRaft) node in this JVM; it keeps its ports and directory across restarts. */
final class LocalKafkaNode {
    private static final Logger log = LoggerFactory.getLogger(LocalKafkaNode.class);

    /** The node's ports; {@code sasl} and {@code tls} are 0 where the node has no such listener. */
    record Listeners(int client, int controller, int sasl, int tls) {
        IntStream all() {
            return IntStream.of(client, controller, sasl, tls);
        }
    }

    final int nodeId;
    final Listeners ports;
    private final Path directory;
    private volatile KafkaRaftServer server;

    LocalKafkaNode(int nodeId, Listeners ports, Path directory) {
        this.nodeId = nodeId;
        this.ports = ports;
        this.directory = directory;
    }

    boolean isRunning() {
        return server != null;
    }

    Path logDirectory() {
        return directory.resolve("data");
    }

    synchronized void start(Properties config, String clusterId) {
        if (server != null) {
            return;
        }
        ports.all().forEach(port -> Ports.requireFree(port, "Stop it or choose another port."));
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

    /** A clean shutdown; {@code noControlledShutdownBecause}: why without a controlled shutdown, or null. */
    synchronized void stop(String noControlledShutdownBecause) {
        KafkaRaftServer running = server;
        if (running == null) {
            return;
        }
        // The controller of a node whose log directory failed keeps its metadata log in that directory: it cannot
        // commit the shutdown, and Kafka would wait five minutes for it (a real broker would have halted already).
        // Asked before server is cleared: afterwards the node reports no offline directory.
        String why = noControlledShutdownBecause != null || offlineLogDirectories().isEmpty()
                ? noControlledShutdownBecause : "its log directory " + logDirectory() + " is offline";
        server = null;
        BrokerServer broker = why == null ? null : brokerOf(running);
        if (broker != null) {
            log.info("Kafka node {} stops without a controlled shutdown: {}.", nodeId, why);
            // KafkaRaftServer.shutdown() gives its broker five minutes for the controlled shutdown, hard-coded; the
            // broker's own shutdown(Duration) does not, and the server's shutdown then finds the broker stopped.
            try {
                broker.shutdown(Duration.ZERO);
            } catch (RuntimeException e) {
                log.debug("Could not shut the broker of node {} down without a controlled shutdown: {}", nodeId,
                        rootMessage(e));
            }
        }
        shutdownQuietly(running);
        log.info("Kafka node {} on localhost:{} is stopped.", nodeId, ports.client());
    }

    /** The node's log directory when Kafka took it offline after a failed write; empty while it works or stopped. */
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
     * The broker half, in a private field of KafkaRaftServer (the one reflective access into Kafka); or null, and
     * should a future Kafka rename the field, {@code KafkaInternalsTest} fails to say so.
     */
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
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        String printed;
        try (PrintStream printStream = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            Files.createDirectories(directory);
            // owner only: with a TLS or SASL listener it holds passwords
            Path configFile = LocalTls.createOwnerOnly(directory.resolve("server.properties"));
            try (OutputStream out = Files.newOutputStream(configFile)) {
                config.store(out, "written by local-kafka for node " + nodeId);
            }
            int code = StorageTool.execute(new String[] {
                "format", "--cluster-id", clusterId, "--config", configFile.toString(), "--ignore-formatted"
            }, printStream);
            printed = output.toString(StandardCharsets.UTF_8).trim();
            if (code != 0) {
                throw new IllegalStateException(printed); // what the tool printed is the message
            }
        } catch (Exception e) {
            throw new LocalKafkaException("Formatting the storage of node " + nodeId + " in " + directory
                    + " failed: " + rootMessage(e), e);
        }
        log.debug("Storage of node {}: {}", nodeId, printed);
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
}
