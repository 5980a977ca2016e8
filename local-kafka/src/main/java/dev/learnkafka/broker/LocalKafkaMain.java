package dev.learnkafka.broker;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.utils.internals.AppInfoParser;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The tutorial's broker from the command line ({@code ./mvnw -q -pl local-kafka compile exec:java@broker}): starts
 * a real Kafka, creates {@code first_topic}, prints one line and runs until Ctrl-C. With {@code --controlled-by-stdin}
 * it runs until its standard input closes, and the lines {@code stop}/{@code start} there stop and restart it: how a
 * stage runs a broker for one run, in a child JVM that ends with the stage even when the stage is killed.
 *
 * <p>No static logger on purpose: SLF4J's simple binding reads its settings when the first logger is created, so
 * the logs must be pointed at their file before any class with a logger is initialised.
 */
public final class LocalKafkaMain {
    static final int EXIT_OK = 0;
    static final int EXIT_FAILURE = 1;
    static final int EXIT_USAGE = 2;

    static final String LOG_FILE_PROPERTY = "org.slf4j.simpleLogger.logFile";
    /** A laptop's broker: printed at start and shown in docs/your-own-cluster.md. */
    static final String TLS_USER = "tutorial";
    static final String TLS_PASSWORD = "tutorial-secret";
    static final Duration STORAGE_CHECK_INTERVAL = Duration.ofSeconds(1);

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
            // Only now may the shutdown hook return and the JVM end: Kafka is closed and the last line printed. Also
            // after --help or a bad option: the shutdown hook must not wait for a broker that never ran.
            lifetime.stopped();
        }
        if (code != EXIT_OK || controlledByStdin) {
            // a child of a run ends now, even if some thread of Kafka's lingers: its parent waits for it
            System.exit(code);
        }
    }

    /** Everything {@link #main} does, but returning the exit code instead of ending the JVM. */
    static int run(String[] args, PrintStream out, PrintStream err, Lifetime lifetime) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (ParameterException e) {
            err.println("local-kafka: " + Options.reason(e) + " (see --help)");
            return EXIT_USAGE;
        }
        if (options.help) {
            options.spec.commandLine().usage(out, Help.Ansi.OFF);
            return EXIT_OK;
        }
        // the logs go to a file before the first logger exists
        Path logFile;
        DataDirectory.Lock lock = null;
        try {
            // checked first: a second run must fail before it truncates the log of the Kafka that holds the port
            checkPortsFree(options);
            if (options.dataDir != null) {
                // and before it touches the data of a Kafka that runs on the same directory
                lock = DataDirectory.lock(DataDirectory.prepare(options.dataDir), "data directory");
            }
            logFile = logToFile(options);
        } catch (LocalKafkaException e) {
            if (lock != null) {
                lock.close();
            }
            err.println("local-kafka: " + e.getMessage());
            return EXIT_FAILURE;
        }
        LocalKafkaBuilder builder = LocalKafka.builder().brokers(options.brokers);
        if (options.dataDir != null) {
            builder.dataDir(options.dataDir, lock);
        }
        for (int node = 1; node <= options.brokers; node++) {
            builder.nodePorts(node, options.nodePort(node), options.nodeControllerPort(node),
                    options.nodeTlsPort(node));
        }
        if (options.tls) {
            // The TLS files are this broker's own, in a folder named after its port: a second broker on another
            // port never replaces the certificate the first one serves. With --port 0 the port is picked here.
            int port = options.port != 0 ? options.port : Ports.freePort();
            builder.nodePorts(1, port, options.nodeControllerPort(1), options.nodeTlsPort(1));
            builder.saslSslPlainUser(TLS_USER, TLS_PASSWORD).tlsDirectory(options.tlsDir(port));
        }
        String bootstrap;
        try (LocalKafka kafka = builder.build()) {
            kafka.start();
            // with --data-dir the topic may be older than these options: say what it really is
            List<TopicPartitionInfo> partitions = kafka.newTopic(options.topic, options.partitions,
                    options.replicationFactor, Map.of()).partitions();
            int replicas = partitions.get(0).replicas().size();
            bootstrap = kafka.bootstrapServers();
            // one line for the reader, then run until told to stop (out and err flush at each line)
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
            // closed before Kafka is: the stop line stays the last
            try (StorageWatch watch = new StorageWatch(kafka, err, STORAGE_CHECK_INTERVAL)) {
                // runs until the lifetime ends; meanwhile its commands may stop and start the broker
                lifetime.awaitStopRequest(new Lifetime.Control() {
                    @Override
                    public void stopBroker() {
                        kafka.stop();
                        out.println("Kafka at " + bootstrap + " is stopped; 'start' brings it back.");
                    }

                    @Override
                    public void startBroker() {
                        kafka.start();
                        out.println("Kafka at " + bootstrap + " is ready again.");
                    }
                });
            }
        } catch (LocalKafkaException e) {
            err.println("local-kafka: " + e.getMessage() + " (broker logs: " + logFile + ")");
            return EXIT_FAILURE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("local-kafka: interrupted; Kafka is stopped.");
            return EXIT_FAILURE;
        }
        out.println(options.dataDir == null
                ? "Kafka at " + bootstrap + " stopped; its temporary data is deleted."
                : "Kafka at " + bootstrap + " stopped; its data stays in " + options.dataDir.toAbsolutePath() + ".");
        return EXIT_OK;
    }

    private static void checkPortsFree(Options options) {
        String other = "Stop it, or choose another port with ";
        for (int node = 1; node <= options.brokers; node++) {
            Ports.requireFree(options.nodePort(node), other + "--port.");
            Ports.requireFree(options.nodeControllerPort(node), other + "--controller-port.");
            Ports.requireFree(options.nodeTlsPort(node), other + "--tls-port.");
        }
    }

    /** Points slf4j-simple at a file, unless the user chose one with {@code -D} {@value #LOG_FILE_PROPERTY}. */
    private static Path logToFile(Options options) {
        String chosen = System.getProperty(LOG_FILE_PROPERTY);
        if (chosen != null) {
            return Path.of(chosen).toAbsolutePath();
        }
        String temporary = "local-kafka-" + (options.port == 0 ? "any-port" : Integer.toString(options.port)) + ".log";
        Path file = (options.logFile != null ? options.logFile : options.dataDir != null
                ? options.dataDir.resolve("broker.log") : Path.of(System.getProperty("java.io.tmpdir"), temporary))
                .toAbsolutePath().normalize();
        try {
            // slf4j-simple silently falls back to the console when it cannot open the file: check it here
            Files.createDirectories(file.getParent());
            Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND).close();
        } catch (IOException e) {
            throw new LocalKafkaException("Cannot write the log file " + file + ": " + DataDirectory.reason(e) + ".",
                    e);
        }
        System.setProperty(LOG_FILE_PROPERTY, file.toString());
        System.getProperties().putIfAbsent("org.slf4j.simpleLogger.showDateTime", "true");
        System.getProperties().putIfAbsent("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd HH:mm:ss.SSS");
        return file;
    }

    /**
     * The command line, parsed by picocli; {@link #parse} checks the rest. A description of several strings is that
     * many lines of {@code --help}: left to wrap, picocli may break "ca.pem" at its dot.
     */
    @Command(name = "local-kafka", sortOptions = false, usageHelpWidth = 110,
            customSynopsis = "./mvnw -q -pl local-kafka compile exec:java@broker [-Dexec.args=\"OPTIONS\"]",
            descriptionHeading = "%n",
            description = "Starts a real Apache Kafka broker (KRaft: broker + controller) in this JVM, creates the "
                    + "tutorial's topic and runs until Ctrl-C. Broker logs go to a file, not to this console.",
            optionListHeading = "%nOptions:%n",
            footerHeading = "%n",
            footer = "Exit codes: 0 stopped cleanly, 1 Kafka could not run (port in use, data directory, ...), "
                    + "2 bad option.")
    static final class Options {
        static final String CONTROLLED_BY_STDIN = "--controlled-by-stdin";
        static final String TLS_DIR = "local-kafka-tls";

        @Option(names = "--port", paramLabel = "N",
                description = "client port of the first broker (default ${DEFAULT-VALUE}; 0 picks a free port)")
        int port = 9092;

        /** null: the client port + 1. */
        @Option(names = "--controller-port", paramLabel = "N",
                description = "controller port of the first broker (default: the client port + 1)")
        Integer controllerPort;

        @Option(names = "--brokers", paramLabel = "N", description = {
            "number of brokers, each also a controller (default ${DEFAULT-VALUE}; 3 for replication)",
            "broker k listens on port + 2(k-1), its controller on controller-port + 2(k-1)"})
        int brokers = 1;

        @Option(names = "--topic", paramLabel = "NAME", description = "topic to create (default ${DEFAULT-VALUE})")
        String topic = "first_topic";

        @Option(names = "--partitions", paramLabel = "N", description = "its partitions (default ${DEFAULT-VALUE})")
        int partitions = 3;

        @Option(names = "--replication-factor", paramLabel = "N",
                description = "its replication factor (default ${DEFAULT-VALUE}, at most --brokers)")
        int replicationFactor = 1;

        @Option(names = "--data-dir", paramLabel = "DIR", description = {
            "keep the data here between runs (default: a temporary directory,",
            "deleted on exit)"})
        Path dataDir;

        @Option(names = "--log-file", paramLabel = "FILE", description = {
            "where the broker logs go (default: DIR/broker.log with --data-dir,",
            "otherwise local-kafka-PORT.log in the temporary directory)"})
        Path logFile;

        @Option(names = "--tls", description = {
            "also listen with SASL_SSL (TLS, then SASL/PLAIN user " + TLS_USER + ", password",
            TLS_PASSWORD + "), as a company's or a managed cluster does: a CA and a",
            "certificate for localhost are made at start; the client's truststore",
            "(ca.pem) and a ready client.properties go to the TLS directory,",
            "which is this broker's alone"})
        boolean tls;

        /** null: after the client and controller ports of every broker. */
        @Option(names = "--tls-port", paramLabel = "N", description = {
            "port of the first broker's SASL_SSL listener (default: after the others,",
            "9094 for one broker; 0 picks a free port); broker k: tls-port + 2(k-1)"})
        Integer tlsPort;

        @Option(names = "--tls-dir", paramLabel = "DIR", description = {
            "the TLS directory (default: " + TLS_DIR + "/PORT in the current directory,",
            "PORT being the first broker's --port, e.g. " + TLS_DIR + "/9092)"})
        Path tlsDir;

        @Option(names = CONTROLLED_BY_STDIN, description = {
            "run until standard input closes (not until Ctrl-C); the lines 'stop'",
            "and 'start' on it stop and restart the broker (same ports, same data)"})
        boolean controlledByStdin;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this and exit")
        boolean help;

        @Spec
        CommandSpec spec;

        /** @throws ParameterException for a bad option; {@link #reason} says what is wrong in one line */
        static Options parse(String... args) {
            Options options = new Options();
            CommandLine cli = new CommandLine(options)
                    .setExpandAtFiles(false) // "--log-file @x" names a file "@x", not a file of arguments
                    .setOverwrittenOptionsAllowed(true) // "--port 1 --port 2": the last one counts
                    .setUnmatchedOptionsAllowedAsOptionParameters(false) // "--data-dir --tsl": a missing value
                    .setUsageHelpLongOptionsMaxWidth(24); // "--replication-factor=N" and its text on one line
            // decimal only, as typed: picocli's own int converter also reads 0x10 and 010 (octal)
            cli.registerConverter(Integer.class, value -> Integer.parseInt(value.trim()));
            cli.registerConverter(int.class, value -> Integer.parseInt(value.trim()));
            ParseResult parsed = cli.parseArgs(args);
            if (!parsed.unmatched().isEmpty()) {
                // picocli lets them pass when --help is there too; a bad option is exit 2 all the same
                throw new UnmatchedArgumentException(cli, parsed.unmatched());
            }
            options.checkValues();
            if (!options.help) {
                options.checkTogether();
            }
            return options;
        }

        /** What is wrong, in one line that names the option. */
        static String reason(ParameterException e) {
            if (e instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
                String arg = unmatched.getUnmatched().get(0);
                return !arg.startsWith("-") ? "unexpected argument '" + arg + "'"
                        : "unknown option " + (arg.startsWith("--") && arg.indexOf('=') > 0
                                ? arg.substring(0, arg.indexOf('=')) : arg);
            }
            if (e instanceof MissingParameterException missing && !missing.getMissing().isEmpty()
                    && missing.getMissing().get(0) instanceof OptionSpec option) {
                return option.longestName() + " needs a value";
            }
            if (e.getCause() instanceof NumberFormatException && e.getArgSpec() instanceof OptionSpec option) {
                return option.longestName() + " needs a number, not '" + e.getValue() + "'";
            }
            return e.getMessage();
        }

        /** Each value on its own, also with --help (as a value picocli could not convert is). */
        private void checkValues() {
            checkRange("--port", port, 0, 65535);
            checkRange("--controller-port", controllerPort, 1, 65535);
            checkRange("--brokers", brokers, 1, 9);
            checkRange("--partitions", partitions, 1, 10_000);
            checkRange("--replication-factor", replicationFactor, 1, 9);
            checkRange("--tls-port", tlsPort, 0, 65535);
            if (!topic.matches("[a-zA-Z0-9._-]{1,249}")) {
                throw new ParameterException(spec.commandLine(), "'" + topic + "' is not a valid topic name "
                        + "(letters, digits, '.', '_', '-'; at most 249)");
            }
        }

        private void checkRange(String option, Integer value, int min, int max) {
            if (value != null && (value < min || value > max)) {
                throw new ParameterException(spec.commandLine(), option + " needs a number from " + min + " to " + max
                        + ", not '" + value + "'");
            }
        }

        private void checkTogether() {
            if (replicationFactor > brokers) {
                throw new ParameterException(spec.commandLine(), "--replication-factor " + replicationFactor
                        + " needs at least " + replicationFactor + " brokers; add --brokers " + replicationFactor);
            }
            if (controllerPort != null && port == 0) {
                throw new ParameterException(spec.commandLine(), "--controller-port needs a fixed --port");
            }
            if (!tls && (tlsPort != null || tlsDir != null)) {
                throw new ParameterException(spec.commandLine(), (tlsPort != null ? "--tls-port" : "--tls-dir")
                        + " needs --tls");
            }
            Set<Integer> used = new HashSet<>();
            for (int node = 1; node <= brokers; node++) {
                for (int p : new int[] {nodePort(node), nodeControllerPort(node), nodeTlsPort(node)}) {
                    if (p > 65535) {
                        throw new ParameterException(spec.commandLine(), "broker " + node + " would need port " + p
                                + ", above 65535; choose a lower --port");
                    }
                    if (p > 0 && !used.add(p)) {
                        throw new ParameterException(spec.commandLine(), "port " + p + " would be used twice; with "
                                + "--brokers " + brokers + " broker k takes port + 2(k-1) and controller-port + 2(k-1)"
                                + (tls ? " and tls-port + 2(k-1)" : ""));
                    }
                }
            }
        }

        int nodePort(int node) {
            return port == 0 ? 0 : port + 2 * (node - 1);
        }

        /** 0 picks a free port (and without --tls there is none). */
        int nodeTlsPort(int node) {
            int first = !tls ? 0 : tlsPort != null ? tlsPort : port == 0 ? 0 : port + 2 * brokers;
            return first == 0 ? 0 : first + 2 * (node - 1);
        }

        Path tlsDir(int port) {
            return (tlsDir != null ? tlsDir : Path.of(TLS_DIR, Integer.toString(port))).toAbsolutePath().normalize();
        }

        int nodeControllerPort(int node) {
            return port == 0 ? 0 : (controllerPort != null ? controllerPort : port + 1) + 2 * (node - 1);
        }
    }
}
