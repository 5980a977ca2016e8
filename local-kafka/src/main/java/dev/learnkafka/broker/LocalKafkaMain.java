package dev.learnkafka.broker;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartitionInfo;

import org.apache.kafka.common.utils.internals.AppInfoParser;

/**
 * The tutorial's broker from the command line: {@code ./mvnw -q -pl local-kafka compile exec:java@broker}.
 *
 * <ol>
 *   <li>read the options;</li>
 *   <li>send the broker's own logs to a file, so that the reader's console shows only what matters;</li>
 *   <li>start a real Kafka (KRaft, broker + controller) on {@code localhost:9092}, controller on 9093;</li>
 *   <li>create {@code first_topic} with 3 partitions and replication factor 1, the blog's
 *       {@code kafka-topics.sh --create ... --partitions 3 --replication-factor 1} step;</li>
 *   <li>print one line with the bootstrap address and run until Ctrl-C, then stop cleanly.</li>
 * </ol>
 *
 * <p>With {@code --controlled-by-stdin} it runs until its standard input closes instead, and the lines
 * {@code stop} and {@code start} there stop the broker and start it again (same ports, same data). That is how a
 * tutorial stage runs the broker it starts for one run: in a child JVM whose logs never reach the stage's console,
 * which ends with the stage even when the stage is killed (its end of the pipe closes).
 *
 * <p>This class has no static logger on purpose: SLF4J's simple binding reads its settings once, when the first
 * logger is created, so step 2 must happen before any class with a logger ({@link LocalKafka}, Kafka's own) is
 * initialised. What the user should read goes to stdout/stderr directly; what the broker says goes to the log file.
 *
 * <p>Exit codes: 0 after a clean stop (or {@code --help}), 1 when Kafka cannot run (port in use, unwritable data
 * directory, start failure), 2 for a bad option.
 */
public final class LocalKafkaMain {
    static final int EXIT_OK = 0;
    static final int EXIT_FAILURE = 1;
    static final int EXIT_USAGE = 2;

    static final String LOG_FILE_PROPERTY = "org.slf4j.simpleLogger.logFile";
    /** The SASL_SSL listener's user and password: a laptop's broker, printed at start and shown in the README. */
    static final String TLS_USER = "tutorial";
    static final String TLS_PASSWORD = "tutorial-secret";
    /** How often the console checks whether Kafka took a data directory offline (a full disk). */
    static final Duration STORAGE_CHECK_INTERVAL = Duration.ofSeconds(1);

    private static final String USAGE = """
            Usage: ./mvnw -q -pl local-kafka compile exec:java@broker [-Dexec.args="OPTIONS"]

            Starts a real Apache Kafka broker (KRaft: broker + controller) in this JVM, creates the tutorial's
            topic and runs until Ctrl-C. Broker logs go to a file, not to this console.

            Options:
              --port N                client port of the first broker (default 9092; 0 picks a free port)
              --controller-port N     controller port of the first broker (default: the client port + 1)
              --brokers N             number of brokers, each also a controller (default 1; 3 for replication)
                                      broker k listens on port + 2(k-1), its controller on controller-port + 2(k-1)
              --topic NAME            topic to create (default first_topic)
              --partitions N          its partitions (default 3)
              --replication-factor N  its replication factor (default 1, at most --brokers)
              --data-dir DIR          keep the data here between runs (default: a temporary directory,
                                      deleted on exit)
              --log-file FILE         where the broker logs go (default: DIR/broker.log with --data-dir,
                                      otherwise local-kafka-PORT.log in the temporary directory)
              --tls                   also listen with SASL_SSL (TLS, then SASL/PLAIN user tutorial, password
                                      tutorial-secret), as a company's or a managed cluster does: a CA and a
                                      certificate for localhost are made at start; the client's truststore
                                      (ca.pem) and a ready client.properties go to the TLS directory,
                                      which is this broker's alone
              --tls-port N            port of the first broker's SASL_SSL listener (default: after the others,
                                      9094 for one broker; 0 picks a free port); broker k: tls-port + 2(k-1)
              --tls-dir DIR           the TLS directory (default: local-kafka-tls/PORT in the current directory,
                                      PORT being the first broker's --port, e.g. local-kafka-tls/9092)
              --controlled-by-stdin   run until standard input closes (not until Ctrl-C); the lines 'stop'
                                      and 'start' on it stop and restart the broker (same ports, same data)
              --help                  print this and exit

            Exit codes: 0 stopped cleanly, 1 Kafka could not run (port in use, data directory, ...), 2 bad option.
            """;

    private LocalKafkaMain() {
    }

    public static void main(String[] args) {
        UntilJvmShutdown lifetime = new UntilJvmShutdown();
        boolean controlledByStdin = List.of(args).contains(Options.CONTROLLED_BY_STDIN);
        if (controlledByStdin) {
            lifetime.listenTo(System.in);
        }
        int code;
        try {
            code = run(args, System.out, System.err, lifetime);
        } finally {
            // also after --help or a bad option: the shutdown hook must not wait for a broker that never ran
            lifetime.stopped();
        }
        if (code != EXIT_OK || controlledByStdin) {
            // a child of a run ends now, even if some thread of Kafka's lingers: its parent waits for it
            System.exit(code);
        }
    }

    /**
     * Everything {@link #main} does, but returning the exit code instead of ending the JVM, so tests can call it.
     *
     * @param lifetime decides how long the broker runs once it is ready
     */
    static int run(String[] args, PrintStream out, PrintStream err, Lifetime lifetime) {
        // step 1: options
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("local-kafka: " + e.getMessage() + " (see --help)");
            return EXIT_USAGE;
        }
        if (options.help) {
            out.print(USAGE);
            return EXIT_OK;
        }

        // step 2: logs to a file, before the first logger exists
        Path logFile;
        DataDirectory.Lock lock = null;
        try {
            // checked first: a second run must fail before it truncates the log of the Kafka that holds the port
            checkPortsFree(options);
            if (options.dataDir != null) {
                // and before it touches the data of a Kafka that runs on the same directory
                lock = DataDirectory.lock(DataDirectory.prepare(options.dataDir));
            }
            logFile = logToFile(options);
        } catch (LocalKafkaException e) {
            if (lock != null) {
                lock.close();
            }
            err.println("local-kafka: " + e.getMessage());
            return EXIT_FAILURE;
        }

        try {
            return runKafka(options, lock, logFile, out, err, lifetime);
        } finally {
            // only now may the shutdown hook return and the JVM end: Kafka is closed and the last line printed
            lifetime.stopped();
        }
    }

    private static int runKafka(Options options, DataDirectory.Lock lock, Path logFile, PrintStream out,
                                PrintStream err, Lifetime lifetime) {
        // steps 3 and 4: the broker and the topic
        LocalKafka.Builder builder = LocalKafka.builder().brokers(options.brokers);
        if (options.dataDir != null) {
            builder.dataDir(options.dataDir, lock);
        }
        for (int node = 1; node <= options.brokers; node++) {
            builder.nodePorts(node, options.nodePort(node), options.nodeControllerPort(node));
        }
        if (options.tls) {
            // The TLS files are this broker's own, in a folder named after its port: a second broker on another
            // port never replaces the certificate the first one serves. With --port 0 the port is picked here.
            int port = options.port != 0 ? options.port : Ports.freePort();
            builder.nodePorts(1, port, options.nodeControllerPort(1));
            builder.saslSslPlainUser(TLS_USER, TLS_PASSWORD).tlsDirectory(options.tlsDir(port));
            for (int node = 1; node <= options.brokers; node++) {
                builder.nodeTlsPort(node, options.nodeTlsPort(node));
            }
        }
        String bootstrap;
        try (LocalKafka kafka = builder.build()) {
            kafka.start();
            kafka.createTopic(options.topic, options.partitions, options.replicationFactor);
            bootstrap = kafka.bootstrapServers();
            // with --data-dir the topic may be older than these options: say what it really is
            List<TopicPartitionInfo> partitions = describe(kafka, options.topic);
            int replicas = partitions.isEmpty() ? 0 : partitions.get(0).replicas().size();

            // step 5: one line for the reader, then run until told to stop
            String tls = !options.tls ? "" : String.format(", and at %s with SASL_SSL (PLAIN, user %s, password %s; "
                            + "client settings: %s, truststore: %s)", kafka.saslSslBootstrapServers(), TLS_USER,
                    TLS_PASSWORD, kafka.tlsClientProperties(), kafka.tlsTruststore());
            out.printf("Kafka %s %s ready at %s (topic %s: %d partitions%s)%s. Broker logs: %s. %s%n",
                    AppInfoParser.getVersion(),
                    options.brokers == 1 ? "is" : "(" + options.brokers + " brokers) is",
                    bootstrap, options.topic, partitions.size(),
                    replicas == 1 ? "" : ", replication factor " + replicas, tls,
                    logFile, options.controlledByStdin ? "It stops when its standard input closes."
                            : "Press Ctrl-C to stop.");
            out.flush();
            // closed before Kafka is: the stop line stays the last
            try (StorageWatch watch = StorageWatch.start(kafka, err, STORAGE_CHECK_INTERVAL)) {
                awaitStopRequest(kafka, bootstrap, out, lifetime);
            }
        } catch (LocalKafkaException e) {
            err.println("local-kafka: " + e.getMessage() + " (broker logs: " + logFile + ")");
            return EXIT_FAILURE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("local-kafka: interrupted; Kafka is stopped.");
            return EXIT_FAILURE;
        }
        // try-with-resources has closed Kafka by now
        out.println(options.dataDir == null
                ? "Kafka at " + bootstrap + " stopped; its temporary data is deleted."
                : "Kafka at " + bootstrap + " stopped; its data stays in " + options.dataDir.toAbsolutePath() + ".");
        out.flush();
        return EXIT_OK;
    }

    /** Runs until the lifetime ends; meanwhile its commands may stop and start the broker. */
    private static void awaitStopRequest(LocalKafka kafka, String address, PrintStream out, Lifetime lifetime)
            throws InterruptedException {
        lifetime.awaitStopRequest(new Lifetime.Control() {
            @Override
            public void stopBroker() {
                kafka.stop();
                out.println("Kafka at " + address + " is stopped; 'start' brings it back.");
                out.flush();
            }

            @Override
            public void startBroker() {
                kafka.start();
                out.println("Kafka at " + address + " is ready again.");
                out.flush();
            }
        });
    }

    private static List<TopicPartitionInfo> describe(LocalKafka kafka, String topic) throws InterruptedException {
        try (Admin admin = kafka.admin()) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic)
                    .partitions();
        } catch (ExecutionException | TimeoutException e) {
            throw new LocalKafkaException("Kafka started, but describing topic " + topic + " failed: "
                    + LocalKafkaNode.rootMessage(e), e);
        }
    }

    private static void checkPortsFree(Options options) {
        for (int node = 1; node <= options.brokers; node++) {
            checkPortFree(options.nodePort(node), "--port");
            checkPortFree(options.nodeControllerPort(node), "--controller-port");
            if (options.tls) {
                checkPortFree(options.nodeTlsPort(node), "--tls-port");
            }
        }
    }

    private static void checkPortFree(int port, String option) {
        if (port > 0 && !Ports.isFree(port)) {
            throw new LocalKafkaException("Port " + port + " is already in use: is another Kafka running? "
                    + "Stop it, or choose another port with " + option + ".");
        }
    }

    /**
     * Points slf4j-simple at a file, unless the user already chose an output with
     * {@code -Dorg.slf4j.simpleLogger.logFile=...}. It must run before the first logger is created.
     *
     * @return where the logs go
     */
    private static Path logToFile(Options options) {
        String chosen = System.getProperty(LOG_FILE_PROPERTY);
        if (chosen != null) {
            return Path.of(chosen).toAbsolutePath();
        }
        Path file;
        if (options.logFile != null) {
            file = options.logFile;
        } else if (options.dataDir != null) {
            file = options.dataDir.resolve("broker.log");
        } else {
            String name = "local-kafka-" + (options.port == 0 ? "any-port" : Integer.toString(options.port)) + ".log";
            file = Path.of(System.getProperty("java.io.tmpdir"), name);
        }
        file = file.toAbsolutePath().normalize();
        try {
            // slf4j-simple silently falls back to the console when it cannot open the file: check it here
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND).close();
        } catch (IOException e) {
            throw new LocalKafkaException("Cannot write the log file " + file + ": " + DataDirectory.reason(e) + ".",
                    e);
        }
        System.setProperty(LOG_FILE_PROPERTY, file.toString());
        System.setProperty("org.slf4j.simpleLogger.showDateTime",
                System.getProperty("org.slf4j.simpleLogger.showDateTime", "true"));
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat",
                System.getProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd HH:mm:ss.SSS"));
        return file;
    }

    /** The parsed command line. */
    static final class Options {
        boolean help;
        int port = 9092;
        int controllerPort = -1;
        int brokers = 1;
        String topic = "first_topic";
        int partitions = 3;
        int replicationFactor = 1;
        Path dataDir;
        Path logFile;
        boolean controlledByStdin;
        boolean tls;
        /** -1: after the client and controller ports of every broker. */
        int tlsPort = -1;
        Path tlsDir;
        static final String CONTROLLED_BY_STDIN = "--controlled-by-stdin";
        static final String TLS_DIR = "local-kafka-tls";

        /** Accepts {@code --name value} and {@code --name=value}. */
        static Options parse(String[] args) {
            Options o = new Options();
            List<String> tokens = new ArrayList<>();
            for (String arg : args) {
                int eq = arg.indexOf('=');
                if (arg.startsWith("--") && eq > 0) {
                    tokens.add(arg.substring(0, eq));
                    tokens.add(arg.substring(eq + 1));
                } else {
                    tokens.add(arg);
                }
            }
            for (int i = 0; i < tokens.size(); i++) {
                String name = tokens.get(i);
                switch (name) {
                    case "--help", "-h" -> o.help = true;
                    case "--port" -> o.port = number(name, value(tokens, ++i, name), 0, 65535);
                    case "--controller-port" -> o.controllerPort = number(name, value(tokens, ++i, name), 1, 65535);
                    case "--brokers" -> o.brokers = number(name, value(tokens, ++i, name), 1, 9);
                    case "--topic" -> o.topic = topicName(value(tokens, ++i, name));
                    case "--partitions" -> o.partitions = number(name, value(tokens, ++i, name), 1, 10_000);
                    case "--replication-factor" -> o.replicationFactor = number(name, value(tokens, ++i, name), 1, 9);
                    case "--data-dir" -> o.dataDir = Path.of(value(tokens, ++i, name));
                    case "--log-file" -> o.logFile = Path.of(value(tokens, ++i, name));
                    case CONTROLLED_BY_STDIN -> o.controlledByStdin = true;
                    case "--tls" -> o.tls = true;
                    case "--tls-port" -> o.tlsPort = number(name, value(tokens, ++i, name), 0, 65535);
                    case "--tls-dir" -> o.tlsDir = Path.of(value(tokens, ++i, name));
                    default -> throw new IllegalArgumentException(name.startsWith("-")
                            ? "unknown option " + name
                            : "unexpected argument '" + name + "'");
                }
            }
            if (o.help) {
                return o;
            }
            if (o.replicationFactor > o.brokers) {
                throw new IllegalArgumentException("--replication-factor " + o.replicationFactor + " needs at least "
                        + o.replicationFactor + " brokers; add --brokers " + o.replicationFactor);
            }
            if (o.controllerPort > 0 && o.port == 0) {
                throw new IllegalArgumentException("--controller-port needs a fixed --port");
            }
            if (!o.tls && (o.tlsPort >= 0 || o.tlsDir != null)) {
                throw new IllegalArgumentException((o.tlsPort >= 0 ? "--tls-port" : "--tls-dir") + " needs --tls");
            }
            Set<Integer> used = new HashSet<>();
            for (int node = 1; node <= o.brokers; node++) {
                for (int port : new int[] {o.nodePort(node), o.nodeControllerPort(node),
                    o.tls ? o.nodeTlsPort(node) : 0}) {
                    if (port > 65535) {
                        throw new IllegalArgumentException("broker " + node + " would need port " + port
                                + ", above 65535; choose a lower --port");
                    }
                    if (port > 0 && !used.add(port)) {
                        throw new IllegalArgumentException("port " + port + " would be used twice; with --brokers "
                                + o.brokers + " broker k takes port + 2(k-1) and controller-port + 2(k-1)"
                                + (o.tls ? " and tls-port + 2(k-1)" : ""));
                    }
                }
            }
            return o;
        }

        int nodePort(int node) {
            return port == 0 ? 0 : port + 2 * (node - 1);
        }

        /** 0 picks a free port; by default the first port after every broker's client and controller ports. */
        int nodeTlsPort(int node) {
            int first = tlsPort >= 0 ? tlsPort : port == 0 ? 0 : port + 2 * brokers;
            return first == 0 ? 0 : first + 2 * (node - 1);
        }

        /** The --tls-dir, by default local-kafka-tls/PORT: each broker's files its own. */
        Path tlsDir(int port) {
            return (tlsDir != null ? tlsDir : Path.of(TLS_DIR, Integer.toString(port))).toAbsolutePath().normalize();
        }

        int nodeControllerPort(int node) {
            if (port == 0) {
                return 0;
            }
            return (controllerPort > 0 ? controllerPort : port + 1) + 2 * (node - 1);
        }

        private static String value(List<String> tokens, int index, String name) {
            if (index >= tokens.size() || tokens.get(index).startsWith("--")) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            return tokens.get(index);
        }

        private static int number(String name, String value, int min, int max) {
            try {
                int n = Integer.parseInt(value.trim());
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below, with the range
            }
            throw new IllegalArgumentException(name + " needs a number from " + min + " to " + max + ", not '"
                    + value + "'");
        }

        private static String topicName(String name) {
            if (!name.matches("[a-zA-Z0-9._-]{1,249}")) {
                throw new IllegalArgumentException("'" + name + "' is not a valid topic name (letters, digits, "
                        + "'.', '_', '-'; at most 249)");
            }
            return name;
        }
    }
}
