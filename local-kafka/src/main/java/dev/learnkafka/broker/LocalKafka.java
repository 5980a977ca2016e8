package dev.learnkafka.broker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.internals.Exit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka cluster (KRaft, every node a combined broker + controller) inside this JVM.
 *
 * <pre>{@code
 * try (LocalKafka kafka = LocalKafka.builder().build().start()) {
 *     kafka.createTopic("first_topic", 3, 1);
 *     String bootstrap = kafka.bootstrapServers();
 * }
 * }</pre>
 *
 * <p>It runs Kafka's own server classes from Maven Central: the storage is formatted first
 * (what {@code kafka-storage.sh format} does), then each node starts (what {@code kafka-server-start.sh} does).
 * Several independent instances can run in one JVM; each keeps its ports and data across {@link #stop()} and
 * {@link #start()}, so a restart is the same cluster.
 */
public final class LocalKafka implements AutoCloseable {
    /** Set by the quick test loop ({@code ./mvnw test}): no broker may start under it. */
    public static final String QUICK_LOOP_PROPERTY = "learnkafka.quick-loop";
    public static final String QUICK_LOOP_REFUSAL = "this test needs a broker: tag it @Tag(\"broker\") "
            + "(or use @KafkaTest), so it runs in ./mvnw verify, not in the quick ./mvnw test";

    private static final Logger log = LoggerFactory.getLogger(LocalKafka.class);

    /** Replaced once at most: at the first start, when a port it picked was taken meanwhile. */
    private volatile List<LocalKafkaNode> nodes;
    /** Each node's ports as the builder fixed them; 0: picked free. */
    private final List<LocalKafkaBuilder.NodePorts> fixedPorts;
    private boolean everStarted;
    private final Path directory;
    private final boolean deleteOnClose;
    private final String clusterId;
    /** How long start() waits for every node to come up. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private final Map<String, String> saslUsers;
    private final Map<String, String> saslSslUsers;
    /** The certificates of the SASL_SSL listener; null without one. */
    private final LocalTls tls;
    private final Map<String, String> overrides;
    private volatile String voters;
    /** Held from build() to close(): no second Kafka may start on this data directory meanwhile. */
    private final DataDirectory.Lock lock;
    /** Held from build() to close() when there is a TLS listener: its files are this cluster's alone. */
    private final DataDirectory.Lock tlsLock;

    LocalKafka(LocalKafkaBuilder builder) {
        this.saslUsers = Map.copyOf(builder.saslUsers);
        this.saslSslUsers = new LinkedHashMap<>(builder.saslSslUsers);
        this.overrides = Map.copyOf(builder.overrides);
        if (builder.dataDir == null) {
            try {
                this.directory = Files.createTempDirectory("local-kafka-");
            } catch (IOException e) {
                throw new LocalKafkaException("Cannot create a temporary data directory in "
                        + System.getProperty("java.io.tmpdir") + ": " + DataDirectory.reason(e) + ".", e);
            }
            this.deleteOnClose = true;
        } else {
            this.directory = builder.dataDirLock != null ? builder.dataDir.toAbsolutePath().normalize()
                    : DataDirectory.prepare(builder.dataDir);
            this.deleteOnClose = false;
        }
        // before anything reads or writes the directory: a second Kafka on it fails here and harms nothing
        this.lock = builder.dataDirLock != null ? builder.dataDirLock : DataDirectory.lock(directory);
        DataDirectory.Lock heldTlsDirectory = null;
        try {
            this.clusterId = readOrCreateClusterId(directory);
            if (saslSslUsers.isEmpty()) {
                this.tls = null;
            } else {
                Path tlsDir = (builder.tlsDirectory != null ? builder.tlsDirectory : directory.resolve("tls"))
                        .toAbsolutePath().normalize();
                // a second Kafka given the same directory fails here, before it replaces the files the first serves
                heldTlsDirectory = DataDirectory.lock(createDirectories(tlsDir), "TLS directory");
                this.tls = LocalTls.create(tlsDir);
            }
        } catch (RuntimeException e) {
            if (heldTlsDirectory != null) {
                heldTlsDirectory.close();
            }
            lock.close();
            if (deleteOnClose) {
                DataDirectory.delete(directory); // a failed build leaves no temporary directory behind
            }
            throw e;
        }
        this.tlsLock = heldTlsDirectory;
        List<LocalKafkaBuilder.NodePorts> fixed = new ArrayList<>();
        for (int nodeId = 1; nodeId <= builder.brokers; nodeId++) {
            fixed.add(builder.ports(nodeId));
        }
        this.fixedPorts = List.copyOf(fixed);
        setNodes(IntStream.rangeClosed(1, fixedPorts.size()).mapToObj(this::newNode).toList());
        if (tls != null) {
            try {
                tls.writeClientProperties(clusterId, tlsClientConfig());
            } catch (RuntimeException e) {
                tlsLock.close();
                lock.close();
                throw e;
            }
        }
    }

    /** A node on its fixed ports, and on free ones where the builder fixed none. */
    private LocalKafkaNode newNode(int nodeId) {
        LocalKafkaBuilder.NodePorts fixed = fixedPorts.get(nodeId - 1);
        return new LocalKafkaNode(nodeId, new LocalKafkaNode.Listeners(
                fixed.client() > 0 ? fixed.client() : Ports.freePort(),
                fixed.controller() > 0 ? fixed.controller() : Ports.freePort(),
                saslUsers.isEmpty() ? 0 : Ports.freePort(),
                tls == null ? 0 : fixed.tls() > 0 ? fixed.tls() : Ports.freePort()),
                directory.resolve("node-" + nodeId));
    }

    private void setNodes(List<LocalKafkaNode> created) {
        this.nodes = List.copyOf(created);
        this.voters = nodes.stream()
                .map(n -> n.nodeId() + "@localhost:" + n.ports().controller())
                .collect(Collectors.joining(","));
    }

    /**
     * Before the first start: a port this cluster picked was free then, but a process that does not take
     * {@link Ports}' locks (another build, a service) may have bound it since ("Port ... is already in use", seen
     * once in CI). Such a node gets fresh ports; ports the builder was given stay and fail in the node's own check.
     */
    private void repickTakenPorts() {
        boolean moved = false;
        List<LocalKafkaNode> current = new ArrayList<>(nodes);
        for (int i = 0; i < current.size(); i++) {
            LocalKafkaNode node = current.get(i);
            LocalKafkaBuilder.NodePorts fixed = fixedPorts.get(i);
            boolean taken = (fixed.client() == 0 && !Ports.isFree(node.ports().client()))
                    || (fixed.controller() == 0 && !Ports.isFree(node.ports().controller()))
                    || (node.ports().sasl() > 0 && !Ports.isFree(node.ports().sasl()))
                    || (fixed.tls() == 0 && node.ports().tls() > 0 && !Ports.isFree(node.ports().tls()));
            if (taken) {
                current.set(i, newNode(node.nodeId()));
                log.info("A port node {} picked was taken before it started: it moves to localhost:{}.",
                        node.nodeId(), current.get(i).ports().client());
                moved = true;
            }
        }
        if (moved) {
            setNodes(current);
            if (tls != null) {
                tls.writeClientProperties(clusterId, tlsClientConfig());
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts every node that is not running and waits until the cluster serves clients.
     *
     * @throws LocalKafkaException when a node fails to start or the cluster is not ready within the start timeout
     */
    public LocalKafka start() {
        if (Boolean.getBoolean(QUICK_LOOP_PROPERTY)) {
            throw new IllegalStateException(QUICK_LOOP_REFUSAL);
        }
        preventKafkaFromExitingTheJvm();
        if (!everStarted) {
            repickTakenPorts();
            everStarted = true;
        }
        List<LocalKafkaNode> toStart = nodes.stream().filter(n -> !n.isRunning()).toList();
        if (toStart.isEmpty()) {
            return this;
        }
        long began = System.nanoTime();
        ExecutorService starter = Executors.newFixedThreadPool(toStart.size(), r -> {
            Thread t = new Thread(r, "local-kafka-starter");
            t.setDaemon(true);
            return t;
        });
        try {
            // nodes of a cluster must start together: each waits for a controller quorum
            List<Future<?>> starts = new ArrayList<>();
            for (LocalKafkaNode node : toStart) {
                starts.add(starter.submit(() -> node.start(nodeConfig(node), clusterId)));
            }
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            for (Future<?> start : starts) {
                start.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            awaitBrokers(runningNodeCount(), Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        } catch (ExecutionException e) {
            stopQuietly();
            Throwable cause = e.getCause();
            if (cause instanceof LocalKafkaException lke) {
                throw lke;
            }
            throw new LocalKafkaException("Kafka failed to start: " + LocalKafkaNode.rootMessage(cause), cause);
        } catch (TimeoutException e) {
            stopQuietly();
            throw new LocalKafkaException("Kafka did not start within " + START_TIMEOUT.toSeconds() + " s.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopQuietly();
            throw new LocalKafkaException("Interrupted while Kafka was starting.", e);
        } finally {
            starter.shutdownNow();
        }
        log.info("Kafka cluster {} serves clients at {} ({} ms after start).", clusterId, bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
        return this;
    }

    /**
     * Stops every node cleanly (logs closed, data flushed); the data stays, so {@link #start()} brings the same
     * cluster back. Several nodes stop side by side, without moving their leaders first.
     *
     * <p>A single node stops in under a second. A cluster of several takes about 5 s more: the last controller
     * leader resigns and waits for a successor that cannot come, for a time KRaft hard-codes (5 s in
     * {@code KafkaRaftClientDriver}); its "Graceful shutdown of RaftClient failed" log line is that wait, not a fault.
     */
    public void stop() {
        List<LocalKafkaNode> running = nodes.stream().filter(LocalKafkaNode::isRunning).toList();
        boolean quorum = hasControllerQuorum(running.size());
        if (running.size() <= 1) {
            running.forEach(n -> n.stop(quorum));
            return;
        }
        // All nodes at once, and none with a controlled shutdown: there is no broker left to move leaders to, and
        // a node whose controlled shutdown is still pending when the others' controllers have stopped would wait
        // five minutes for a quorum that is gone (seen: two of three nodes running, one stopped 264 s).
        List<Thread> stoppers = running.stream()
                .map(n -> new Thread(() -> n.stop("the whole cluster stops, so no broker is left to take its leaders"),
                        "local-kafka-stopper-" + n.nodeId()))
                .toList();
        stoppers.forEach(Thread::start);
        for (Thread stopper : stoppers) {
            try {
                stopper.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Stops one node (1-based id) cleanly, for fault tests: its partitions move to other nodes. Stopping nodes until
     * no majority of controllers is left is allowed (that is a fault worth testing); the nodes stopped after that
     * skip the controlled shutdown, which would wait five minutes for a controller that cannot be elected.
     */
    public void stopNode(int nodeId) {
        node(nodeId).stop(hasControllerQuorum(runningNodeCount()));
    }

    /** Starts one stopped node again on the same ports with the same data. */
    public void startNode(int nodeId) {
        LocalKafkaNode node = node(nodeId);
        preventKafkaFromExitingTheJvm();
        node.start(nodeConfig(node), clusterId);
    }

    /** Stop then start: the same cluster, the same ports, the same data. */
    public LocalKafka restart() {
        stop();
        return start();
    }

    /**
     * The log directories that Kafka has taken offline after a failed write, a full disk most often: their
     * partitions answer producers with KAFKA_STORAGE_ERROR until their node restarts. Empty while every running
     * node can write. Cheap: it asks the brokers in this JVM, sends no request.
     */
    public List<Path> offlineLogDirectories() {
        return nodes.stream().flatMap(n -> n.offlineLogDirectories().stream()).toList();
    }

    public boolean isRunning(int nodeId) {
        return node(nodeId).isRunning();
    }

    /** The PLAINTEXT addresses of all nodes, e.g. {@code localhost:9092}. */
    public String bootstrapServers() {
        return nodes.stream().map(n -> "localhost:" + n.ports().client()).collect(Collectors.joining(","));
    }

    /** The SASL_PLAINTEXT (mechanism PLAIN) addresses, when the builder asked for SASL users. */
    public String saslBootstrapServers() {
        if (saslUsers.isEmpty()) {
            throw new IllegalStateException("This cluster has no SASL listener: use Builder.saslPlainUser(...).");
        }
        return nodes.stream().map(n -> "localhost:" + n.ports().sasl()).collect(Collectors.joining(","));
    }

    /**
     * The SASL_SSL (mechanism PLAIN) addresses, when the builder asked for {@link Builder#saslSslPlainUser}: TLS with
     * a certificate for {@code localhost} that this cluster's own CA signed ({@link #tlsTruststore()}).
     */
    public String saslSslBootstrapServers() {
        requireTls();
        return nodes.stream().map(n -> "localhost:" + n.ports().tls()).collect(Collectors.joining(","));
    }

    /** The CA certificate (PEM) a client of the SASL_SSL listener trusts: {@code ssl.truststore.type=PEM}. */
    public Path tlsTruststore() {
        requireTls();
        return tls.truststore();
    }

    /** Where the TLS files are: the truststore and {@link #tlsClientProperties()}. */
    public Path tlsDirectory() {
        requireTls();
        return tls.directory();
    }

    /**
     * A ready client configuration for the SASL_SSL listener, as the file {@link #tlsClientProperties()} holds it:
     * {@code bootstrap.servers}, {@code security.protocol}, the first SASL_SSL user's credentials, the truststore.
     */
    public Properties tlsClientConfig() {
        requireTls();
        Map.Entry<String, String> user = saslSslUsers.entrySet().iterator().next();
        return tls.clientConfig(saslSslBootstrapServers(), user.getKey(), user.getValue());
    }

    /** The file with {@link #tlsClientConfig()}, next to the truststore: {@code KAFKA_CLIENT_CONFIG=} this. */
    public Path tlsClientProperties() {
        requireTls();
        return tls.clientProperties();
    }

    /** The port of the first node's client listener. */
    public int port() {
        return nodes.get(0).ports().client();
    }

    public int size() {
        return nodes.size();
    }

    public String clusterId() {
        return clusterId;
    }

    public Path dataDirectory() {
        return directory;
    }

    /** Creates a topic, as {@code kafka-topics.sh --create}; an existing topic is left as it is. */
    public void createTopic(String name, int partitions, int replicationFactor) {
        createTopic(name, partitions, replicationFactor, Map.of());
    }

    public void createTopic(String name, int partitions, int replicationFactor, Map<String, String> configs) {
        try (Admin admin = admin()) {
            try {
                admin.createTopics(List.of(new NewTopic(name, partitions, (short) replicationFactor)
                        .configs(configs))).all().get(30, TimeUnit.SECONDS);
                log.info("Created topic {} with {} partitions and replication factor {}.", name, partitions,
                        replicationFactor);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new LocalKafkaException("Could not create topic " + name + ": "
                            + LocalKafkaNode.rootMessage(e), e);
                }
            }
            awaitLeaders(admin, name);
        } catch (TimeoutException e) {
            throw new LocalKafkaException("Creating topic " + name + " took longer than 30 s.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalKafkaException("Interrupted while creating topic " + name + ".", e);
        }
    }

    /**
     * createTopics returns once the controller has the topic; a producer that writes before every partition
     * leader has loaded it gets NOT_LEADER_OR_FOLLOWER and retries (and an idempotent producer can then wait
     * for delivery.timeout.ms). So a new topic counts as created when every partition has a leader.
     */
    private static void awaitLeaders(Admin admin, String topic) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try {
                var description = admin.describeTopics(List.of(topic)).allTopicNames().get(5, TimeUnit.SECONDS)
                        .get(topic);
                if (description.partitions().stream().allMatch(p -> p.leader() != null && !p.isr().isEmpty())) {
                    return;
                }
            } catch (ExecutionException e) {
                // not known yet on the broker that answered: ask again
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        throw new TimeoutException("The partitions of " + topic + " have no leader after 30 s");
    }

    /** An Admin client for this cluster; the caller closes it. */
    public Admin admin() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        return Admin.create(props);
    }

    /** Stops every node, releases the data directory and, when it was temporary, deletes it. */
    @Override
    public void close() {
        try {
            stop();
        } finally {
            if (tlsLock != null) {
                tlsLock.close();
            }
            lock.close();
        }
        if (deleteOnClose) {
            DataDirectory.delete(directory);
        }
    }

    private void awaitBrokers(int expected, Duration timeout) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        try (Admin admin = admin()) {
            while (System.nanoTime() < deadline) {
                try {
                    int seen = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size();
                    if (seen >= expected) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    last = e;
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
        TimeoutException timedOut = new TimeoutException("Kafka did not report " + expected + " brokers in time");
        if (last != null) {
            timedOut.initCause(last);
        }
        throw timedOut;
    }

    /** Every node is a controller: a majority of them running can elect an active controller. */
    private boolean hasControllerQuorum(int running) {
        return running > nodes.size() / 2;
    }

    private int runningNodeCount() {
        return (int) nodes.stream().filter(LocalKafkaNode::isRunning).count();
    }

    private Properties nodeConfig(LocalKafkaNode node) {
        return LocalKafkaNode.config(node, voters, nodes.size(), saslUsers, saslSslUsers, tls, overrides);
    }

    private void requireTls() {
        if (tls == null) {
            throw new IllegalStateException("This cluster has no SASL_SSL listener: use Builder.saslSslPlainUser(...).");
        }
    }

    private LocalKafkaNode node(int nodeId) {
        if (nodeId < 1 || nodeId > nodes.size()) {
            throw new IllegalArgumentException("No node " + nodeId + ": this cluster has nodes 1.." + nodes.size());
        }
        return nodes.get(nodeId - 1);
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (RuntimeException e) {
            log.warn("Stopping Kafka after a failed start failed too: {}", e.getMessage());
        }
    }

    private static Path createDirectories(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new LocalKafkaException("Cannot create the directory " + dir + ": " + DataDirectory.reason(e) + ".",
                    e);
        }
    }

    private static String readOrCreateClusterId(Path directory) {
        Path file = directory.resolve("cluster.id");
        try {
            if (Files.exists(file)) {
                return Files.readString(file).trim();
            }
            String id = Uuid.randomUuid().toString();
            Files.writeString(file, id);
            return id;
        } catch (IOException e) {
            throw new LocalKafkaException("The data directory " + directory + " is not writable: " + e.getMessage(), e);
        }
    }

    /**
     * Kafka's server calls {@code Exit.exit}/{@code Exit.halt} on fatal errors, which would end the reader's or the
     * test's JVM; here a fatal error is logged and the start fails instead.
     */
    static void preventKafkaFromExitingTheJvm() {
        Exit.setExitProcedure((code, message) ->
                log.error("Kafka asked to exit the JVM with code {}: {}", code, message));
        Exit.setHaltProcedure((code, message) ->
                log.error("Kafka asked to halt the JVM with code {}: {}", code, message));
    }

    /**
     * Options for a local cluster, from {@link #builder()}. Its methods and checks are in LocalKafkaBuilder.java,
     * next to this file; this is the name callers use.
     */
    public static final class Builder extends LocalKafkaBuilder {
        private Builder() {
        }
    }
}
