package dev.learnkafka.run;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.LoggerFactory;

/**
 * One run of a stage, as the run contract promises it. A stage's {@code main} is one line,
 * {@code System.exit(Run.main(args, OPTIONS, Stage::run))}, and its lesson gets a {@code Run} that answers the
 * questions every stage has: which options, which topic, which broker, which settings. The environment is checked
 * and the broker found or started when the lesson first asks; the broker is stopped when the run ends. What the
 * contract promises, and the test that proves each promise: docs/01-high-level-producer-under-the-hood.md.
 * Nothing here creates a logger before the lesson runs: stage 04 configures logging first.
 */
public final class Run implements AutoCloseable {
    @FunctionalInterface
    public interface Lesson {
        int run(Run run) throws Exception;
    }

    /** A lesson's result when it did its work: the summary then decides between 0 and 1. */
    public static final int OK = ExitCode.OK;
    /** A lesson's result when it failed on its own (it has said why); the run exits with 1. */
    public static final int FAILED = ExitCode.FAILED;

    /** The error for a bad option value a stage checks itself: one line on standard error and exit 2. */
    public static RuntimeException usageError(String message) {
        return new UsageException(message);
    }

    private final CommandLine options;
    private final Map<String, String> variables;
    private TutorialEnvironment env;
    private TutorialBroker broker;
    private final BrokerFault fault;

    private Run(CommandLine options, Map<String, String> variables) {
        this.options = options;
        this.variables = variables;
        this.fault = BrokerFault.parse(options.declares("--fault") ? options.value("--fault") : null);
    }

    /** A stage's options, starting with the one every stage has: {@code --messages N}, N in the summary. */
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
        try (Run run = new Run(cli, env)) {
            return lesson.run(run);
        }
    }

    public int intOption(String name) {
        return options.intValue(name);
    }

    public String option(String name) {
        return options.value(name);
    }

    /** An environment variable of this run (e.g. {@code KAFKA_DEBUG}), or null. */
    public String variable(String name) {
        return variables.get(name);
    }

    public int messages() {
        return options.intValue("--messages");
    }

    public String topic() {
        return environment().topic();
    }

    /** KAFKA_BOOTSTRAP_SERVERS, else localhost:9092, else an embedded broker for this run; found once, said once. */
    public String bootstrapServers() {
        return broker().bootstrapServers();
    }

    /** The broker of this run, e.g. to stop the run's own embedded broker on purpose (stage 05). */
    public TutorialBroker broker() {
        if (broker == null) {
            broker = TutorialBroker.connect(environment(), LoggerFactory.getLogger(Run.class)::info);
            fault.checkPossible(broker); // only a broker this run started can be stopped from here
        }
        return broker;
    }

    /** Stage 05's {@code --broker stop}: stops the run's own broker, or waits for you to stop yours (false: not). */
    public boolean brokerGoesAway(Duration atMost) throws InterruptedException {
        var log = LoggerFactory.getLogger(Run.class);
        TutorialBroker b = broker();
        if (b.isEmbedded()) {
            b.stop();
            log.info("Stopped the embedded broker: nothing answers at {} any more.", b.bootstrapServers());
            return true;
        }
        log.info("Ready: now stop the broker at {} (Ctrl-C in its terminal). The run goes on once it no longer "
                + "answers (waiting up to {} s).", b.bootstrapServers(), atMost.toSeconds());
        if (!TutorialBroker.awaitSilence(b.bootstrapServers(), atMost)) {
            log.error("The broker at {} still answers after {} s; run again and stop it when asked, or leave out "
                    + "--broker stop.", b.bootstrapServers(), atMost.toSeconds());
            return false;
        }
        log.info("The broker at {} no longer answers.", b.bootstrapServers());
        return true;
    }

    /**
     * The {@code KAFKA_CLIENT_CONFIG} file (empty without one), which the lesson puts on top of its own settings,
     * plus the contract's hooks, Kafka's own extension points: {@link OutcomeInterceptor} as
     * {@code interceptor.classes} (every message's outcome) and {@code metric.reporters} (is a broker connected?).
     * Call it once per run, for the run's producer.
     */
    public Properties yourSettings() {
        Properties props = environment().clientConfig();
        append(props, ProducerConfig.INTERCEPTOR_CLASSES_CONFIG, OutcomeInterceptor.class.getName());
        append(props, ProducerConfig.METRIC_REPORTER_CLASSES_CONFIG, OutcomeInterceptor.class.getName());
        Outcomes outcomes = Outcomes.arm(messages());
        if (fault != BrokerFault.NONE) {
            TutorialBroker b = broker();
            int half = messages() / 2;
            outcomes.beforeSend = sent -> {
                if (sent == half) {
                    fault.inject(b, outcomes);
                }
            };
        }
        return props;
    }

    private static void append(Properties props, String name, String className) {
        Object given = props.get(name);
        props.put(name, given == null || given.toString().isBlank() ? className : given + "," + className);
    }

    private TutorialEnvironment environment() {
        if (env == null) {
            env = TutorialEnvironment.of(variables).checked(LoggerFactory.getLogger(Run.class)::warn);
        }
        return env;
    }

    @Override
    public void close() {
        Outcomes outcomes = Outcomes.current();
        if (outcomes != null) {
            // messages timed out while a broker still answered: ask it why, now, before a broker it started stops
            outcomes.seekBrokerCause(() -> BrokerCause.find(environment().clientConfig(), bootstrapServers()));
        }
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
