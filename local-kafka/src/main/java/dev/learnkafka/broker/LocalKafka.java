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
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.learnkafka.broker.LocalKafkaBuilder.NodePorts;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
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
 * <p>It runs Kafka's own server classes, as {@code kafka-storage.sh format} and {@code kafka-server-start.sh} do.
 * Several instances can run in one JVM; each keeps its ports and data across {@link #stop()} and {@link #start()}.
 */
public final class LocalKafka implements AutoCloseable {
    /** Set by the quick test loop ({@code ./mvnw test}): no broker may start under it. */
    public static final String QUICK_LOOP_PROPERTY = "learnkafka.quick-loop";
    public static final String QUICK_LOOP_REFUSAL = "this test needs a broker: tag it @Tag(\"broker\") "
            + "(or use @KafkaTest), so it runs in ./mvnw verify, not in the quick ./mvnw test";

    private static final Logger log = LoggerFactory.getLogger(LocalKafka.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    /** Replaced once at most: at the first start, when a port it picked was taken meanwhile. */
    private volatile List<LocalKafkaNode> nodes;
    private final Map<Integer, NodePorts> fixedPorts;
    private boolean everStarted;
    private final Path directory;
    private final boolean deleteOnClose;
    private final String clusterId;
    private final Map<String, String> saslUsers;
    /** In the order they were added: the first one's login goes into the client properties. */
    private final Map<String, String> saslSslUsers;
    private final LocalTls tls; // null without a SASL_SSL listener
    private final Map<String, String> overrides;
    /** Held from build() to close(): the data directory's and, with a TLS listener, the TLS directory's. */
    private final List<DataDirectory.Lock> locks;

    LocalKafka(LocalKafkaBuilder builder) {
        this.saslUsers = Map.copyOf(builder.saslUsers);
        this.saslSslUsers = new LinkedHashMap<>(builder.saslSslUsers);
        this.overrides = Map.copyOf(builder.overrides);
        this.fixedPorts = Map.copyOf(builder.nodePorts);
        this.deleteOnClose = builder.dataDir == null;
        this.directory = deleteOnClose ? temporaryDirectory() : builder.dataDirLock != null
                ? builder.dataDir.toAbsolutePath().normalize() : DataDirectory.prepare(builder.dataDir);
        // before anything reads or writes the directory: a second Kafka on it fails here and harms nothing
        List<DataDirectory.Lock> held = new ArrayList<>(List.of(builder.dataDirLock != null ? builder.dataDirLock
                : DataDirectory.lock(directory, "data directory")));
        try {
            this.clusterId = readOrCreateClusterId(directory);
            Path tlsDir = (builder.tlsDirectory != null ? builder.tlsDirectory : directory.resolve("tls"))
                    .toAbsolutePath().normalize();
            if (!saslSslUsers.isEmpty()) {
                // a second Kafka given the same directory fails here, before it replaces the files the first serves
                held.add(DataDirectory.lock(tlsDir, "TLS directory"));
            }
            this.tls = saslSslUsers.isEmpty() ? null : LocalTls.create(tlsDir);
        } catch (RuntimeException e) {
            held.forEach(DataDirectory.Lock::close);
            if (deleteOnClose) {
                DataDirectory.delete(directory); // a failed build leaves no temporary directory behind
            }
            throw e;
        }
        this.locks = List.copyOf(held);
        this.nodes = IntStream.rangeClosed(1, builder.brokers).mapToObj(this::newNode).toList();
    }

    private LocalKafkaNode newNode(int nodeId) {
        NodePorts fixed = fixedPorts.getOrDefault(nodeId, NodePorts.PICK_FREE);
        return new LocalKafkaNode(nodeId, new LocalKafkaNode.Listeners(pick(fixed.client()), pick(fixed.controller()),
                saslUsers.isEmpty() ? 0 : Ports.freePort(), tls == null ? 0 : pick(fixed.tls())),
                directory.resolve("node-" + nodeId));
    }

    private static int pick(int fixed) {
        return fixed > 0 ? fixed : Ports.freePort();
    }

    /**
     * Before the first start: a process that does not take {@link Ports}' locks may have bound a port picked at
     * build ("Port ... is already in use", seen once in CI). Such a node gets fresh ports; fixed ports stay.
     */
    private void repickTakenPorts() {
        nodes = nodes.stream().map(node -> {
            if (node.ports.all().allMatch(port -> port == 0 || Ports.isFree(port))) {
                return node;
            }
            LocalKafkaNode moved = newNode(node.nodeId);
            log.info("A port of node {} was taken before it started: it moves to localhost:{} (where its ports "
                    + "were not fixed).", node.nodeId, moved.ports.client());
            return moved;
        }).toList();
        if (tls != null) {
            Map.Entry<String, String> user = saslSslUsers.entrySet().iterator().next();
            tls.writeClientProperties(clusterId, saslSslBootstrapServers(), user.getKey(), user.getValue());
        }
    }

    public static LocalKafkaBuilder builder() {
        return new LocalKafkaBuilder();
    }

    /** Starts every node that is not running and waits (up to 60 s) until the cluster serves clients. */
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
        long deadline = began + START_TIMEOUT.toNanos();
        ExecutorService starter = Executors.newFixedThreadPool(toStart.size(), r -> {
            Thread t = new Thread(r, "local-kafka-starter");
            t.setDaemon(true);
            return t;
        });
        boolean started = false;
        try {
            // nodes of a cluster must start together: each waits for a controller quorum
            List<Future<?>> starts = toStart.stream()
                    .<Future<?>>map(node -> starter.submit(() -> node.start(nodeConfig(node), clusterId))).toList();
            for (Future<?> start : starts) {
                start.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            try (Admin admin = admin()) {
                int running = runningNodeCount();
                awaitAnswer(deadline, () -> admin.describeCluster().nodes(), brokers -> brokers.size() >= running);
            }
            started = true;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof LocalKafkaException lke ? lke
                    : new LocalKafkaException("Kafka failed to start: " + LocalKafkaNode.rootMessage(e), e);
        } catch (TimeoutException e) {
            throw new LocalKafkaException("Kafka did not start within " + START_TIMEOUT.toSeconds() + " s.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalKafkaException("Interrupted while Kafka was starting.", e);
        } finally {
            starter.shutdownNow();
            if (!started) {
                stop(); // never throws: each node logs what went wrong in its shutdown
            }
        }
        log.info("Kafka cluster {} serves clients at {} ({} ms after start).", clusterId, bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
        return this;
    }

    /**
     * Stops every node cleanly; the data stays. A cluster of several nodes takes about 5 s more than one: the last
     * controller leader waits for a successor, for a time KRaft hard-codes (5 s in {@code KafkaRaftClientDriver});
     * its "Graceful shutdown of RaftClient failed" log line is that wait, not a fault.
     */
    public void stop() {
        List<LocalKafkaNode> running = nodes.stream().filter(LocalKafkaNode::isRunning).toList();
        if (running.size() <= 1) {
            running.forEach(n -> n.stop(withoutQuorum(running.size())));
            return;
        }
        // All nodes at once, and none with a controlled shutdown: there is no broker left to move leaders to, and
        // a node whose controlled shutdown is still pending when the others' controllers have stopped would wait
        // five minutes for a quorum that is gone (seen: two of three nodes running, one stopped 264 s).
        List<Thread> stoppers = running.stream()
                .map(n -> new Thread(() -> n.stop("the whole cluster stops, so no broker is left to take its leaders"),
                        "local-kafka-stopper-" + n.nodeId))
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

    /** Stops one node (1-based id), for fault tests; it may take the majority of controllers away. */
    public void stopNode(int nodeId) {
        node(nodeId).stop(withoutQuorum(runningNodeCount()));
    }

    public void startNode(int nodeId) {
        LocalKafkaNode node = node(nodeId);
        preventKafkaFromExitingTheJvm();
        node.start(nodeConfig(node), clusterId);
    }

    public LocalKafka restart() {
        stop();
        return start();
    }

    /** The log directories Kafka took offline after a failed write (a full disk): sends no request. */
    public List<Path> offlineLogDirectories() {
        return nodes.stream().flatMap(n -> n.offlineLogDirectories().stream()).toList();
    }

    public boolean isRunning(int nodeId) {
        return node(nodeId).isRunning();
    }

    public String bootstrapServers() {
        return nodes.stream().map(n -> "localhost:" + n.ports.client()).collect(Collectors.joining(","));
    }

    public String saslBootstrapServers() {
        if (saslUsers.isEmpty()) {
            throw new IllegalStateException("This cluster has no SASL listener: build it with saslPlainUser(...).");
        }
        return nodes.stream().map(n -> "localhost:" + n.ports.sasl()).collect(Collectors.joining(","));
    }

    public String saslSslBootstrapServers() {
        tls();
        return nodes.stream().map(n -> "localhost:" + n.ports.tls()).collect(Collectors.joining(","));
    }

    public Path tlsTruststore() {
        return tls().truststore();
    }

    /** A ready client configuration for the SASL_SSL listener (the first user's), written at the first start. */
    public Path tlsClientProperties() {
        return tls().clientProperties();
    }

    public int port() {
        return nodes.get(0).ports.client();
    }

    public String clusterId() {
        return clusterId;
    }

    public Path dataDirectory() {
        return directory;
    }

    /** Creates a topic, as {@code kafka-topics.sh --create}; an existing topic is left as it is. */
    public void createTopic(String name, int partitions, int replicationFactor) {
        newTopic(name, partitions, replicationFactor, Map.of());
    }

    public void createTopic(String name, int partitions, int replicationFactor, Map<String, String> configs) {
        newTopic(name, partitions, replicationFactor, configs);
    }

    /** Returns the topic as the cluster has it: an existing one may differ from the ask. */
    TopicDescription newTopic(String name, int partitions, int replicationFactor, Map<String, String> configs) {
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
            // createTopics returns once the controller has the topic; a producer that writes before every partition
            // leader has loaded it gets NOT_LEADER_OR_FOLLOWER and retries (and an idempotent producer can then wait
            // for delivery.timeout.ms). So a new topic counts as created when every partition has a leader.
            return awaitAnswer(System.nanoTime() + TimeUnit.SECONDS.toNanos(30),
                    () -> admin.describeTopics(List.of(name)).allTopicNames(), topics -> topics.get(name).partitions()
                            .stream().allMatch(p -> p.leader() != null && !p.isr().isEmpty())).get(name);
        } catch (TimeoutException e) {
            throw new LocalKafkaException("Creating topic " + name + " took longer than 30 s.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalKafkaException("Interrupted while creating topic " + name + ".", e);
        }
    }

    /** Asks until the answer is {@code ready}; one that fails or takes over 5 s counts as not ready. */
    private static <T> T awaitAnswer(long deadline, Supplier<KafkaFuture<T>> ask, Predicate<T> ready)
            throws InterruptedException, TimeoutException {
        while (System.nanoTime() < deadline) {
            try {
                T answer = ask.get().get(5, TimeUnit.SECONDS);
                if (ready.test(answer)) {
                    return answer;
                }
            } catch (ExecutionException | TimeoutException e) {
                // not known yet on the broker that answered: ask again
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        throw new TimeoutException("Kafka's answer was not ready in time");
    }

    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
    }

    @Override
    public void close() {
        stop(); // never throws
        locks.forEach(DataDirectory.Lock::close);
        if (deleteOnClose) {
            DataDirectory.delete(directory);
        }
    }

    /** Why a node stops without a controlled shutdown (it would wait five minutes for a quorum), or null. */
    private String withoutQuorum(int running) {
        return running > nodes.size() / 2 ? null : "no majority of controllers is running";
    }

    private int runningNodeCount() {
        return (int) nodes.stream().filter(LocalKafkaNode::isRunning).count();
    }

    /** Node config for a combined broker + controller, as config/server.properties of the Kafka distribution. */
    private Properties nodeConfig(LocalKafkaNode node) {
        LocalKafkaNode.Listeners ports = node.ports;
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", Integer.toString(node.nodeId));
        p.setProperty("controller.quorum.voters", nodes.stream()
                .map(n -> n.nodeId + "@localhost:" + n.ports.controller()).collect(Collectors.joining(",")));
        // each client listener is named after its security protocol
        String advertised = "PLAINTEXT://localhost:" + ports.client()
                + (ports.sasl() > 0 ? ",SASL_PLAINTEXT://localhost:" + ports.sasl() : "")
                + (ports.tls() > 0 ? ",SASL_SSL://localhost:" + ports.tls() : "");
        p.setProperty("listeners", advertised + ",CONTROLLER://localhost:" + ports.controller());
        p.setProperty("advertised.listeners", advertised);
        p.setProperty("listener.security.protocol.map",
                "PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT");
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        if (ports.sasl() > 0) {
            p.setProperty("sasl.enabled.mechanisms", "PLAIN");
            p.setProperty("listener.name.sasl_plaintext.plain.sasl.jaas.config", plainJaas(saslUsers));
        }
        if (ports.tls() > 0) {
            // what a company's or a managed cluster offers its clients: TLS, and SASL/PLAIN inside it
            p.setProperty("sasl.enabled.mechanisms", "PLAIN");
            p.setProperty("listener.name.sasl_ssl.plain.sasl.jaas.config", plainJaas(saslSslUsers));
            p.setProperty("listener.name.sasl_ssl.ssl.keystore.type", "PKCS12");
            p.setProperty("listener.name.sasl_ssl.ssl.keystore.location", tls.keystore().toString());
            p.setProperty("listener.name.sasl_ssl.ssl.keystore.password", tls.keystorePassword());
            p.setProperty("listener.name.sasl_ssl.ssl.key.password", tls.keystorePassword());
        }
        p.setProperty("log.dirs", node.logDirectory().toString());
        String replicas = Integer.toString(Math.min(nodes.size(), 3));
        p.setProperty("offsets.topic.replication.factor", replicas);
        p.setProperty("transaction.state.log.replication.factor", replicas);
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", replicas);
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        // A controlled shutdown completes on a broker heartbeat: every 2 s by default, 0.5 s here (all on localhost).
        p.setProperty("broker.heartbeat.interval.ms", "500");
        if (nodes.size() > 1) {
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

    private static String plainJaas(Map<String, String> users) {
        return users.entrySet().stream().map(user -> " user_" + user.getKey() + "=\"" + user.getValue() + "\"").collect(
                Collectors.joining("", "org.apache.kafka.common.security.plain.PlainLoginModule required", ";"));
    }

    private LocalTls tls() {
        if (tls == null) {
            throw new IllegalStateException("This cluster has no SASL_SSL listener: build it with "
                    + "saslSslPlainUser(...).");
        }
        return tls;
    }

    private LocalKafkaNode node(int nodeId) {
        if (nodeId < 1 || nodeId > nodes.size()) {
            throw new IllegalArgumentException("No node " + nodeId + ": this cluster has nodes 1.." + nodes.size());
        }
        return nodes.get(nodeId - 1);
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("local-kafka-");
        } catch (IOException e) {
            throw new LocalKafkaException("Cannot create a temporary data directory in "
                    + System.getProperty("java.io.tmpdir") + ": " + DataDirectory.reason(e) + ".", e);
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

    /** Kafka calls {@code Exit.exit}/{@code halt} on fatal errors, which would end this JVM: logged instead. */
    static void preventKafkaFromExitingTheJvm() {
        Exit.setExitProcedure((code, message) ->
                log.error("Kafka asked to exit the JVM with code {}: {}", code, message));
        Exit.setHaltProcedure((code, message) ->
                log.error("Kafka asked to halt the JVM with code {}: {}", code, message));
    }
}
