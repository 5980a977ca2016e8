package dev.learnkafka.run;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.Locale;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * Finds the broker a stage talks to and says in one line which one: {@code KAFKA_BOOTSTRAP_SERVERS} when set;
 * else one listening on {@code localhost:9092} ({@code exec:java@broker}, docker compose); else an embedded broker
 * for this run only ({@link EmbeddedBrokerProcess}). A found broker is checked (TCP, then a Kafka request with the
 * reader's settings) so that a bad address fails in seconds with one clear line, not a minute of client retries.
 */
public final class TutorialBroker implements AutoCloseable {
    public static final String DEFAULT_HOST = "localhost";
    public static final int DEFAULT_PORT = 9092;
    // tests move the default port, so that no broker of the machine is found
    static final String DEFAULT_PORT_PROPERTY = "learnkafka.default.port";
    static final String START_A_BROKER = "Start one with `./mvnw -q -pl local-kafka compile exec:java@broker` "
            + "or `docker compose up -d`, or unset " + TutorialEnvironment.BOOTSTRAP_ENV
            + " to let the stage start an embedded broker.";
    private static final int PROBE_TIMEOUT_MS = 3_000;
    // with the TCP probe, a run fails within the contract's 15 s
    static final Duration KAFKA_CHECK_TIMEOUT = Duration.ofSeconds(8);

    private final String bootstrapServers;
    private final EmbeddedBrokerProcess embedded;

    private TutorialBroker(String bootstrapServers, EmbeddedBrokerProcess embedded) {
        this.bootstrapServers = bootstrapServers;
        this.embedded = embedded;
    }

    /** @param announce receives the one line that says which broker this run uses */
    public static TutorialBroker connect(TutorialEnvironment env, Consumer<String> announce) {
        return connect(env, announce, Integer.getInteger(DEFAULT_PORT_PROPERTY, DEFAULT_PORT), KAFKA_CHECK_TIMEOUT);
    }

    static TutorialBroker connect(TutorialEnvironment env, Consumer<String> announce, int defaultPort,
                                  Duration checkTimeout) {
        Properties clientConfig = env.clientConfig();
        BrokerCheck.storeFiles(env, clientConfig);
        String local = DEFAULT_HOST + ":" + defaultPort;
        boolean configured = env.bootstrapServers() != null;
        String servers = configured ? env.bootstrapServers() : local;
        String named = configured ? servers + " (" + env.bootstrapSource() + ")" : local;
        if (answers(servers)) {
            BrokerCheck.speaksKafka(servers, named, env, clientConfig, checkTimeout);
            announce.accept(configured ? "Using the Kafka broker at " + named + "." : TutorialEnvironment.BOOTSTRAP_ENV
                    + " is unset: using the Kafka broker that listens at " + local + ".");
            return new TutorialBroker(servers, null);
        }
        if (configured) {
            throw new BrokerUnavailableException("No Kafka broker answers at " + named + ". " + START_A_BROKER);
        }
        long began = System.nanoTime();
        EmbeddedBrokerProcess embedded;
        try {
            embedded = EmbeddedBrokerProcess.start(env.topic(), TutorialEnvironment.DEFAULT_TOPIC_PARTITIONS);
        } catch (BrokerUnavailableException e) {
            throw new BrokerUnavailableException("No Kafka broker answers at " + local + ", and " + e.getMessage()
                    + " " + START_A_BROKER, e);
        }
        try {
            if (!clientConfig.isEmpty()) {
                BrokerCheck.speaksKafka(embedded.bootstrapServers, "the embedded broker " + embedded.bootstrapServers,
                        env, clientConfig, checkTimeout);
            }
        } catch (RuntimeException e) {
            embedded.close();
            throw e;
        }
        announce.accept(String.format(Locale.ROOT, "No broker at %s and %s is unset: started an embedded Kafka "
                        + "broker at %s for this run only, in %.1f s (topic %s, %d partitions; its logs: %s); it "
                        + "stops and its data is deleted when the run ends.", local,
                TutorialEnvironment.BOOTSTRAP_ENV, embedded.bootstrapServers, (System.nanoTime() - began) / 1e9,
                env.topic(), TutorialEnvironment.DEFAULT_TOPIC_PARTITIONS, embedded.logFile));
        return new TutorialBroker(embedded.bootstrapServers, embedded);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public boolean isEmbedded() {
        return embedded != null;
    }

    /** Stops this run's embedded broker cleanly, as Ctrl-C would, until {@link #restart()}; only that one. */
    public void stop() {
        ownBroker("stop").stop();
    }

    /** Starts this run's stopped embedded broker again: the same address, the same data. */
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

    /** Waits until nothing accepts connections at {@code servers}; false when something still does at the end. */
    public static boolean awaitSilence(String servers, Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (answers(servers)) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        return true;
    }

    static List<InetSocketAddress> parse(String servers) {
        return parse(servers, TutorialEnvironment.BOOTSTRAP_ENV + "=" + servers);
    }

    /** The run contract's one reading of a broker list; {@code where} names its origin in messages. */
    static List<InetSocketAddress> parse(String servers, String where) {
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (String part : servers.split(",", -1)) {
            String entry = part.trim();
            int colon = entry.lastIndexOf(':');
            if (colon <= 0 || colon == entry.length() - 1) {
                throw new UsageException(where + " is not a list of host:port, e.g. localhost:9092.");
            }
            String port = entry.substring(colon + 1);
            if (!port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
                throw new UsageException(where + ": '" + port + "' is not a port number (1 to 65535).");
            }
            String host = entry.substring(0, colon).replace("[", "").replace("]", "");
            addresses.add(InetSocketAddress.createUnresolved(host, Integer.parseInt(port)));
        }
        return addresses;
    }

    /** True when something accepts a TCP connection at one of {@code servers}: {@link #connect}'s first probe. */
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
