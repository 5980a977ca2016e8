package dev.learnkafka.run;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SslAuthenticationException;

/**
 * Finds the broker a stage talks to, as the run contract says, and says in one line which one it is:
 * <ol>
 *   <li>{@code KAFKA_BOOTSTRAP_SERVERS} set: that broker;</li>
 *   <li>unset, and a broker listens on {@code localhost:9092} (one started with {@code exec:java@broker} or
 *       {@code docker compose}): that one;</li>
 *   <li>unset and nothing there: an embedded broker (from {@code local-kafka}, found at runtime) for this run
 *       only, in a child JVM on a free port, so that no other run finds it, and with {@code first_topic}.</li>
 * </ol>
 * A configured broker is checked before the stage creates a producer, so that a bad address fails in seconds
 * with one clear line instead of the client retrying for a minute: first that something accepts a TCP connection,
 * then that it answers a Kafka request with the reader's client settings (a web server, or a TLS listener asked
 * in plain text, accepts the connection but never answers one).
 */
public final class TutorialBroker implements AutoCloseable {
    public static final String DEFAULT_HOST = "localhost";
    /** The port of a long-lived tutorial broker ({@code exec:java@broker}, docker compose). */
    public static final int DEFAULT_PORT = 9092;
    /** Tests move the default port with this system property, so that no broker of the machine is found. */
    static final String DEFAULT_PORT_PROPERTY = "learnkafka.default.port";
    static final String START_A_BROKER = "Start one with `./mvnw -q -pl local-kafka compile exec:java@broker` "
            + "or `docker compose up -d`, or unset " + TutorialEnvironment.BOOTSTRAP_ENV
            + " to let the stage start an embedded broker.";
    private static final int PROBE_TIMEOUT_MS = 3_000;
    /** How long the Kafka-level check may take: with the TCP probe, a run fails within the contract's 15 s. */
    static final Duration KAFKA_CHECK_TIMEOUT = Duration.ofSeconds(8);

    private final String bootstrapServers;
    private final EmbeddedBrokerProcess embedded;

    private TutorialBroker(String bootstrapServers, EmbeddedBrokerProcess embedded) {
        this.bootstrapServers = bootstrapServers;
        this.embedded = embedded;
    }

    /**
     * @param announce receives the one line that says which broker this run uses
     * @throws BrokerUnavailableException when the configured broker does not answer or none can be started
     * @throws UsageException             when {@code KAFKA_BOOTSTRAP_SERVERS} is not a list of host:port, or
     *                                    {@code KAFKA_CLIENT_CONFIG} is not readable
     */
    public static TutorialBroker connect(TutorialEnvironment env, Consumer<String> announce) {
        return connect(env, announce, Integer.getInteger(DEFAULT_PORT_PROPERTY, DEFAULT_PORT));
    }

    static TutorialBroker connect(TutorialEnvironment env, Consumer<String> announce, int defaultPort) {
        return connect(env, announce, defaultPort, KAFKA_CHECK_TIMEOUT);
    }

    /** @param checkTimeout how long the Kafka-level check may take ({@link #KAFKA_CHECK_TIMEOUT}; tests: shorter) */
    static TutorialBroker connect(TutorialEnvironment env, Consumer<String> announce, int defaultPort,
                                  Duration checkTimeout) {
        Properties clientConfig = env.clientConfig();
        checkStoreFiles(env, clientConfig);
        if (env.bootstrapServers() != null) {
            String servers = env.bootstrapServers();
            String named = servers + " (" + env.bootstrapSource() + ")";
            if (!answers(servers)) {
                throw new BrokerUnavailableException("No Kafka broker answers at " + named + ". " + START_A_BROKER);
            }
            checkSpeaksKafka(servers, named, env, clientConfig, checkTimeout);
            announce.accept("Using the Kafka broker at " + named + ".");
            return new TutorialBroker(servers, null);
        }
        String local = DEFAULT_HOST + ":" + defaultPort;
        if (answers(new InetSocketAddress(DEFAULT_HOST, defaultPort))) {
            checkSpeaksKafka(local, local, env, clientConfig, checkTimeout);
            announce.accept(TutorialEnvironment.BOOTSTRAP_ENV + " is unset: using the Kafka broker that listens at "
                    + local + ".");
            return new TutorialBroker(local, null);
        }
        long began = System.nanoTime();
        EmbeddedBrokerProcess embedded;
        try {
            embedded = EmbeddedBrokerProcess.start(env.topic(), TutorialEnvironment.DEFAULT_TOPIC_PARTITIONS);
        } catch (BrokerUnavailableException e) {
            throw new BrokerUnavailableException("No Kafka broker answers at " + local + ", and " + e.getMessage()
                    + " " + START_A_BROKER, e);
        }
        TutorialBroker broker = new TutorialBroker(embedded.bootstrapServers(), embedded);
        try {
            if (!clientConfig.isEmpty()) {
                checkSpeaksKafka(broker.bootstrapServers, "the embedded broker " + broker.bootstrapServers, env,
                        clientConfig, checkTimeout);
            }
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        announce.accept(String.format(Locale.ROOT, "No broker at %s and %s is unset: started an embedded Kafka "
                        + "broker at %s for this run only, in %.1f s (topic %s, %d partitions; its logs: %s); it "
                        + "stops and its data is deleted when the run ends.", local,
                TutorialEnvironment.BOOTSTRAP_ENV, broker.bootstrapServers, (System.nanoTime() - began) / 1e9,
                env.topic(), TutorialEnvironment.DEFAULT_TOPIC_PARTITIONS, embedded.logFile()));
        return broker;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** True when this run started its own broker. */
    public boolean isEmbedded() {
        return embedded != null;
    }

    /**
     * Stops this run's embedded broker, cleanly, as Ctrl-C in a broker's terminal does: clients lose their
     * connections and find nothing at its address until {@link #restart()}.
     *
     * @throws IllegalStateException when the broker is not this run's own: stop that one yourself
     */
    public void stop() {
        ownBroker("stop").stop();
    }

    /** Starts this run's stopped embedded broker again: the same address, the same data, so clients recover. */
    public void restart() {
        ownBroker("restart").restart();
    }

    /** Stops this run's embedded broker, if any, and deletes its data; a broker of the reader's is left alone. */
    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }

    private EmbeddedBrokerProcess ownBroker(String action) {
        if (embedded == null) {
            throw new IllegalStateException("Only a broker this run started can " + action + " from here; the "
                    + "broker at " + bootstrapServers + " is not.");
        }
        return embedded;
    }

    /**
     * Asks the broker a Kafka question with the reader's client settings: describe the cluster. A SASL
     * authentication or an authorization error is an answer too (the stage reports those its own way); a failed
     * TLS handshake is not (no stage gets further with it: one line here says why it failed); no answer in time
     * means it is not a Kafka listener these settings can talk to.
     */
    static void checkSpeaksKafka(String servers, String named, TutorialEnvironment env, Properties clientConfig,
                                 Duration checkTimeout) {
        Properties props = new Properties();
        props.putAll(clientConfig);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "tutorial-broker-check");
        int timeoutMs = (int) checkTimeout.toMillis();
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs / 2);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        // one short question to the bootstrap list: after a failed TLS handshake, the default (rebootstrap) would
        // start over in a tight loop and log each time
        props.put(AdminClientConfig.METADATA_RECOVERY_STRATEGY_CONFIG, "none");
        Admin admin;
        try {
            admin = Admin.create(props);
        } catch (KafkaException e) {
            // e.g. a truststore file that is not what ssl.truststore.type says: bad configuration, found before any
            // connection
            throw new UsageException(TutorialEnvironment.CLIENT_CONFIG_ENV + "=" + env.clientConfigFile()
                    + ": a Kafka client cannot start with these settings: " + rootMessage(e) + ".");
        }
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs)).clusterId()
                    .get(timeoutMs + 1_000L, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SslAuthenticationException tls) {
                throw tlsFailed(named, env, tls);
            }
            if (e.getCause() instanceof AuthenticationException || e.getCause() instanceof AuthorizationException) {
                return;
            }
            boolean noAnswer = e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException;
            throw notKafka(named, env, clientConfig, checkTimeout, noAnswer ? null : e.getCause());
        } catch (TimeoutException e) {
            throw notKafka(named, env, clientConfig, checkTimeout, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerUnavailableException("Interrupted while checking the broker at " + named + ".", e);
        } finally {
            closeInTheBackground(admin);
        }
    }

    /**
     * Closes the check's Admin client without waiting: {@code close(Duration.ZERO)} still joins the client's thread,
     * which can take seconds while it is connecting, and the check's answer must not wait for that.
     */
    private static void closeInTheBackground(Admin admin) {
        Thread closing = new Thread(() -> admin.close(Duration.ZERO), "broker-check-close");
        closing.setDaemon(true);
        closing.start();
    }

    private static BrokerUnavailableException notKafka(String named, TutorialEnvironment env, Properties config,
                                                       Duration checkTimeout, Throwable cause) {
        String protocol = config.getProperty(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT")
                .trim().toUpperCase(Locale.ROOT);
        String answer = cause == null
                ? "no answer to a Kafka request within " + checkTimeout.toSeconds() + " s"
                : "its answer: " + cause.getMessage();
        String likely = protocol.equals("PLAINTEXT")
                ? "Is it a Kafka broker, and its plain-text listener? A listener that expects TLS or SASL needs "
                        + "security.protocol and the rest in " + TutorialEnvironment.CLIENT_CONFIG_ENV + "."
                : "Does that listener expect security.protocol=" + protocol + " (set in "
                        + TutorialEnvironment.CLIENT_CONFIG_ENV + "=" + env.clientConfigFile() + ")? A plain-text "
                        + "listener does not answer a " + protocol + " client.";
        return new BrokerUnavailableException("Something accepts connections at " + named + " but does not answer "
                + "as a Kafka broker with these client settings (" + answer + "). " + likely, cause);
    }

    /**
     * A truststore or keystore named in the client settings must be a readable file: the client would log a stack
     * trace and fail with a message about "Failed to create new KafkaAdminClient" instead.
     */
    static void checkStoreFiles(TutorialEnvironment env, Properties clientConfig) {
        for (String key : List.of("ssl.truststore.location", "ssl.keystore.location")) {
            String value = clientConfig.getProperty(key);
            if (value == null || value.isBlank()) {
                continue;
            }
            Path file = Path.of(value.trim());
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw new UsageException(TutorialEnvironment.CLIENT_CONFIG_ENV + "=" + env.clientConfigFile() + ": "
                        + key + "=" + value.trim() + ": no readable file there" + (file.isAbsolute() ? ""
                        : " (a relative path counts from the directory the stage runs in, "
                                + Path.of("").toAbsolutePath() + ")") + ".");
            }
        }
    }

    /**
     * What a failed TLS handshake means for the reader, from what Java's TLS said: the CA (truststore), the name in
     * the certificate, or no TLS on that port.
     */
    static BrokerUnavailableException tlsFailed(String named, TutorialEnvironment env, SslAuthenticationException e) {
        String where = TutorialEnvironment.CLIENT_CONFIG_ENV + "=" + env.clientConfigFile();
        String root = rootMessage(e).replaceAll("\\.+$", "");
        String lower = root.toLowerCase(Locale.ROOT);
        String why;
        if (lower.contains("certification path") || lower.contains("pkix")) {
            why = "the broker's certificate is not signed by a CA this client trusts. Point ssl.truststore.location "
                    + "(with ssl.truststore.type, e.g. PEM) in " + where + " at the cluster's CA certificate "
                    + "(for local-kafka --tls: local-kafka-tls/PORT/ca.pem, PORT being its --port)";
        } else if (lower.contains("subject alternative") || lower.contains("no name matching")) {
            why = "the broker's certificate is not made out to the host name in the bootstrap address (" + root
                    + "). Use the host name the certificate names, as the cluster's documentation gives it";
        } else if (lower.contains("unrecognized ssl message") || lower.contains("remote host terminated")
                || lower.contains("unexpected end of file")) {
            why = "that port does not seem to speak TLS (" + root + "). Is it the cluster's TLS listener, and does "
                    + "it expect the security.protocol set in " + where + "?";
        } else {
            why = root + ". Check the ssl.* settings in " + where;
        }
        return new BrokerUnavailableException("The TLS handshake with the broker at " + named + " failed: " + why
                + (why.endsWith("?") ? "" : "."), e);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }

    static List<InetSocketAddress> parse(String servers) {
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (String part : servers.split(",")) {
            String entry = part.trim();
            int colon = entry.lastIndexOf(':');
            if (entry.isEmpty() || colon <= 0 || colon == entry.length() - 1) {
                throw new UsageException(TutorialEnvironment.BOOTSTRAP_ENV + "=" + servers
                        + " is not a list of host:port, e.g. localhost:9092.");
            }
            String host = entry.substring(0, colon).replace("[", "").replace("]", "");
            int port;
            try {
                port = Integer.parseInt(entry.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new UsageException(TutorialEnvironment.BOOTSTRAP_ENV + "=" + servers
                        + ": '" + entry.substring(colon + 1) + "' is not a port number.");
            }
            if (port < 1 || port > 65535) {
                throw new UsageException(TutorialEnvironment.BOOTSTRAP_ENV + "=" + servers + ": " + port
                        + " is not a port number (1-65535).");
            }
            addresses.add(InetSocketAddress.createUnresolved(host, port));
        }
        return addresses;
    }

    /**
     * True when something accepts a TCP connection at one of {@code servers} (a list of host:port): the probe
     * {@link #connect} starts with, e.g. for a stage that waits until the reader has stopped their broker.
     *
     * @throws UsageException when {@code servers} is not a list of host:port
     */
    public static boolean answers(String servers) {
        return parse(servers).stream().anyMatch(TutorialBroker::answers);
    }

    private static boolean answers(InetSocketAddress address) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address.getHostString(), address.getPort()), PROBE_TIMEOUT_MS);
            return true;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }
}
