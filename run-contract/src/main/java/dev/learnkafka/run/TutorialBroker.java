package dev.learnkafka.run;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Finds the broker a stage talks to, as the run contract says:
 * <ol>
 *   <li>{@code KAFKA_BOOTSTRAP_SERVERS} set: that broker; when nothing answers there, fail fast with a clear
 *       message instead of letting the client retry for a minute;</li>
 *   <li>unset, and a broker listens on {@code localhost:9092}: that one;</li>
 *   <li>unset and nothing there: start the embedded broker (from {@code local-kafka}, found at runtime) with
 *       {@code first_topic} for this run only, and say so in one line.</li>
 * </ol>
 */
public final class TutorialBroker implements AutoCloseable {
    public static final String DEFAULT_HOST = "localhost";
    /** The port a tutorial broker listens on; tests move it with the system property {@code learnkafka.default.port}. */
    public static final int DEFAULT_PORT = Integer.getInteger("learnkafka.default.port", 9092);
    static final String START_A_BROKER = "Start one with `./mvnw -q -pl local-kafka compile exec:java@broker` "
            + "or `docker compose up -d`, or unset " + TutorialEnvironment.BOOTSTRAP_ENV
            + " to let the stage start an embedded broker.";
    private static final String EMBEDDED_ENTRY = "dev.learnkafka.broker.OnDemandBroker";
    private static final int PROBE_TIMEOUT_MS = 3_000;

    private final String bootstrapServers;
    private final AutoCloseable embedded;

    private TutorialBroker(String bootstrapServers, AutoCloseable embedded) {
        this.bootstrapServers = bootstrapServers;
        this.embedded = embedded;
    }

    /**
     * @param announce receives the one line that says an embedded broker was started
     * @throws BrokerUnavailableException when the configured broker does not answer or none can be started
     * @throws UsageException             when {@code KAFKA_BOOTSTRAP_SERVERS} is not a list of host:port
     */
    public static TutorialBroker connect(TutorialEnvironment env, Consumer<String> announce) {
        if (env.bootstrapServers() != null) {
            List<InetSocketAddress> addresses = parse(env.bootstrapServers());
            if (addresses.stream().noneMatch(TutorialBroker::answers)) {
                throw new BrokerUnavailableException("No Kafka broker answers at " + env.bootstrapServers()
                        + " (" + TutorialEnvironment.BOOTSTRAP_ENV + "). " + START_A_BROKER);
            }
            return new TutorialBroker(env.bootstrapServers(), null);
        }
        String local = DEFAULT_HOST + ":" + DEFAULT_PORT;
        if (answers(new InetSocketAddress(DEFAULT_HOST, DEFAULT_PORT))) {
            return new TutorialBroker(local, null);
        }
        AutoCloseable embedded = startEmbedded(env.topic());
        announce.accept("No broker at " + local + " and " + TutorialEnvironment.BOOTSTRAP_ENV
                + " is unset: started an embedded Kafka broker at " + local + " for this run (topic " + env.topic()
                + ", " + TutorialEnvironment.DEFAULT_TOPIC_PARTITIONS + " partitions); it stops when the run ends.");
        return new TutorialBroker(local, embedded);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** True when this run started its own broker. */
    public boolean isEmbedded() {
        return embedded != null;
    }

    @Override
    public void close() throws Exception {
        if (embedded != null) {
            embedded.close();
        }
    }

    private static AutoCloseable startEmbedded(String topic) {
        try {
            return (AutoCloseable) Class.forName(EMBEDDED_ENTRY)
                    .getMethod("start", int.class, String.class, int.class)
                    .invoke(null, DEFAULT_PORT, topic, TutorialEnvironment.DEFAULT_TOPIC_PARTITIONS);
        } catch (ClassNotFoundException e) {
            throw new BrokerUnavailableException("No Kafka broker answers at " + DEFAULT_HOST + ":" + DEFAULT_PORT
                    + " and the embedded broker (local-kafka) is not on the classpath. " + START_A_BROKER, e);
        } catch (InvocationTargetException e) {
            throw new BrokerUnavailableException("No Kafka broker answers at " + DEFAULT_HOST + ":" + DEFAULT_PORT
                    + " and the embedded broker failed to start: " + e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("local-kafka's entry point changed: " + e, e);
        }
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

    private static boolean answers(InetSocketAddress address) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address.getHostString(), address.getPort()), PROBE_TIMEOUT_MS);
            return true;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }
}
