package dev.learnkafka.run;

import java.io.PrintStream;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.LoggerFactory;

/**
 * One run of a stage, as the run contract promises it. A stage's {@code main} is one line,
 * {@code System.exit(Run.main(args, OPTIONS, Stage::run))}, and its lesson gets a {@code Run} that answers the
 * questions every stage has: which options, which topic, which broker, which settings.
 *
 * <ul>
 *   <li>Options: {@code --help} prints the usage and exits 0; a bad option is one line and exit 2.</li>
 *   <li>Environment ({@code KAFKA_BOOTSTRAP_SERVERS}, {@code KAFKA_TOPIC}, {@code KAFKA_CLIENT_CONFIG}): checked
 *       and the file read once, when the lesson first asks; a mistake is one line and exit 2, before anything
 *       connects.</li>
 *   <li>The broker: found or started when the lesson first asks for {@link #bootstrapServers()}, announced in
 *       one line, stopped when the run ends.</li>
 *   <li>Settings: the stage's layers, then the reader's file on top ({@link #settings}).</li>
 *   <li>Outcomes: the producer the lesson {@linkplain #watch watches} gets every message's outcome counted; the
 *       summary and the exit code come from it; Ctrl-C closes it in bounded time (see {@link StageRunner}).</li>
 * </ul>
 *
 * Nothing here creates a logger before the lesson runs: stage 04 configures logging first.
 */
public final class Run implements AutoCloseable {
    /** A stage's lesson: returns {@link ExitCode#OK}, or {@link ExitCode#FAILED} for a failure of its own. */
    @FunctionalInterface
    public interface Lesson {
        int run(Run run) throws Exception;
    }

    /** A lesson's result when it did its work: the summary then decides between 0 and 1. */
    public static final int OK = ExitCode.OK;
    /** A lesson's result when it failed on its own (it has said why); the run exits with 1. */
    public static final int FAILED = ExitCode.FAILED;

    /**
     * The error for a bad option value a stage checks itself (e.g. {@code --fault nosuch}): one line on standard
     * error and exit 2, as for the options the contract checks. {@code throw Run.usageError("...")}.
     */
    public static RuntimeException usageError(String message) {
        return new UsageException(message);
    }

    /**
     * A number setting in force in {@code props}, read as the producer reads it: {@code "40000 "} is 40000, and
     * an unset one is Kafka's default (e.g. {@code delivery.timeout.ms} 120000).
     */
    public static long setting(Properties props, String name) {
        return ClientConfigCheck.longInForce(props, name);
    }

    private final CommandLine options;
    private final Map<String, String> variables;
    private final TutorialEnvironment given;
    private TutorialEnvironment env;
    private TutorialBroker broker;
    /** The settings last made by {@link #settings}: those of the producer the lesson then watches. */
    private Properties lastSettings = new Properties();

    private Run(CommandLine options, Map<String, String> variables) {
        this.options = options;
        this.variables = variables;
        this.given = TutorialEnvironment.of(variables);
    }

    /**
     * A stage's options, starting with the one every stage has: {@code --messages N} (default 5), which
     * {@link #messages()} reads and the summary counts against; declared here once.
     */
    public static CommandLine options(String program, String summary) {
        return new CommandLine(program, summary)
                .intOption("--messages", "N", "how many messages to send", 5, 1, 1_000_000);
    }

    /** Runs the lesson as a program with the real environment; {@code main} passes the result to System.exit. */
    public static int main(String[] args, CommandLine options, Lesson lesson) {
        return StageRunner.main(a -> runParsed(a, options, System.getenv(), lesson), args);
    }

    /** Runs the lesson in this JVM with the given environment variables (for tests), without the Ctrl-C hook. */
    public static int run(String[] args, Map<String, String> environment, CommandLine options, Lesson lesson,
                          PrintStream err) {
        return StageRunner.run(a -> runParsed(a, options, environment, lesson), args, err);
    }

    private static int runParsed(String[] args, CommandLine options, Map<String, String> env, Lesson lesson)
            throws Exception {
        CommandLine cli = options.parse(args);
        if (cli.helpRequested()) {
            System.out.print(cli.usage());
            return ExitCode.OK;
        }
        cli.checkNumbers(); // every mistake in the options is found before the lesson starts
        try (Run run = new Run(cli, env)) {
            return lesson.run(run);
        }
    }

    /** A whole-number option, checked against the range it was declared with. */
    public int intOption(String name) {
        return options.intValue(name);
    }

    /** An option's value, or its default, or null. */
    public String option(String name) {
        return options.value(name);
    }

    /** An environment variable of this run (e.g. {@code KAFKA_DEBUG}), or null. */
    public String variable(String name) {
        return variables.get(name);
    }

    /** {@code --messages}: how many messages this run sends (N in the summary). */
    public int messages() {
        return options.intValue("--messages");
    }

    /** {@code KAFKA_TOPIC}, default {@code first_topic}. */
    public String topic() {
        return environment().topic();
    }

    /**
     * The brokers this run talks to: {@code KAFKA_BOOTSTRAP_SERVERS}, else a broker on localhost:9092, else an
     * embedded one started for this run only. The first call finds or starts it and says so in one line.
     *
     * @throws BrokerUnavailableException when the configured broker does not answer as Kafka (exit 1)
     */
    public String bootstrapServers() {
        return broker().bootstrapServers();
    }

    /** The broker of this run, e.g. to stop the run's own embedded broker on purpose (stages 03 and 05). */
    public TutorialBroker broker() {
        if (broker == null) {
            broker = TutorialBroker.connect(environment(), LoggerFactory.getLogger(Run.class)::info);
        }
        return broker;
    }

    /**
     * The settings layered as the run contract says: each of the stage's layers in order, then the reader's
     * {@code KAFKA_CLIENT_CONFIG} file on top (it wins), and the brokers of this run.
     */
    public Properties settings(Properties... layers) {
        Properties props = new Properties();
        for (Properties layer : layers) {
            props.putAll(layer);
        }
        props.putAll(clientConfig());
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        lastSettings = props;
        return props;
    }

    /** The reader's {@code KAFKA_CLIENT_CONFIG} settings (security, tuning), e.g. for an Admin client. */
    public Properties clientConfig() {
        return environment().clientConfig();
    }

    /** Settings for an Admin client of this run: the reader's security settings and this run's brokers. */
    public Properties adminSettings() {
        Properties props = clientConfig();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return props;
    }

    /**
     * The run contract watches the lesson's producer: it counts each of the {@link #messages()} messages'
     * outcomes for the summary, stops sending once the cluster stopped answering, and closes it on Ctrl-C.
     */
    public <K, V> Producer<K, V> watch(Producer<K, V> producer) {
        Producer<K, V> watched = Outcomes.watch(producer, messages());
        Outcomes outcomes = Outcomes.current();
        Properties settings = new Properties();
        settings.putAll(lastSettings);
        outcomes.noticeWhenBrokersAreGone(
                ClientConfigCheck.longInForce(settings, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG),
                ClientConfigCheck.longInForce(settings, ProducerConfig.MAX_BLOCK_MS_CONFIG));
        // asked on this thread before the run ends (and stops a broker it started): the broker is still there
        outcomes.findBrokerCauseWith(() -> BrokerCause.find(adminSettings(), topic()));
        return watched;
    }

    private TutorialEnvironment environment() {
        if (env == null) {
            env = given.checked(LoggerFactory.getLogger(Run.class)::warn);
        }
        return env;
    }

    /** Stops the broker this run started, if any. */
    @Override
    public void close() {
        if (broker != null) {
            // after Ctrl-C the stage's thread may come here interrupted: stop the broker cleanly all the same
            boolean interrupted = Thread.interrupted();
            try {
                broker.close();
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
