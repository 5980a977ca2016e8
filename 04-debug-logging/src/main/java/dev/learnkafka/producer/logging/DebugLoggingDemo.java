package dev.learnkafka.producer.logging;

import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;

import dev.learnkafka.producer.highlevel.ValueSender;
import dev.learnkafka.run.CommandLine;
import dev.learnkafka.run.Run;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 04, the blog's "Enable Logging to view librdkafka logs": {@code debug: ['all']} and an
 * {@code event.log} listener, on the Java client.
 *
 * <ol>
 *   <li>Read {@code --debug} (or {@code KAFKA_DEBUG}) in librdkafka's syntax, and {@code --log-file}.</li>
 *   <li>Configure slf4j-simple: raise the contexts' loggers, choose the output, install the listening provider.
 *       This must come before the first logger of the JVM is created, which is why this class has no
 *       {@code private static final Logger}: it would be created when the class loads, before step 1.</li>
 *   <li>Create the first logger, and register the log listener ({@code producer.on('event.log', ...)}).</li>
 *   <li>Create the producer, as in stage 01.</li>
 *   <li>Send the messages with stage 01's {@code send(...)}: each callback logs where its message landed.</li>
 *   <li>Close the producer, then report what the listener counted.</li>
 * </ol>
 */
public final class DebugLoggingDemo {
    // No logger field here on purpose: see step 2.

    static final CommandLine OPTIONS = Run.options("04-debug-logging",
            "Sends N messages like stage 01, with the Kafka client's debug logging of the given librdkafka "
                    + "contexts\n(" + DebugOption.ENV + " when --debug is not given) and a log listener that "
                    + "counts the client's log lines.\nContexts: "
                    + CommandLine.wrap(DebugOption.validNames() + ".", 90))
            .option("--debug", "CONTEXTS", "'all' or a comma list of debug contexts, e.g. msg,protocol", null)
            .option("--log-file", "PATH", "write log lines to this file instead of the console", null);

    private DebugLoggingDemo() {
    }

    public static void main(String[] args) {
        System.exit(Run.main(args, OPTIONS, DebugLoggingDemo::run));
    }

    static int run(Run run) throws Exception {
        // step 1: the options; nothing has logged yet (a mistake is a usage error: one line, exit 2)
        Set<DebugContext> contexts;
        Path logFile;
        try {
            contexts = DebugOption.parse(run.option("--debug") != null ? run.option("--debug")
                    : run.variable(DebugOption.ENV));
            logFile = LoggingSetup.writableLogFile(run.option("--log-file"));
        } catch (IllegalArgumentException e) {
            throw Run.usageError(e.getMessage());
        }

        // tag::first-logger[]
        // step 2: slf4j-simple reads its settings when the first logger is created: set them before that
        LoggingSetup.configure(contexts, logFile);

        // step 3: the first logger of this JVM, then the listener (the blog's producer.on('event.log', ...))
        Logger log = LoggerFactory.getLogger(DebugLoggingDemo.class);
        LogTally tally = new LogTally();
        LogListeners.Registration listening = LogListeners.register(tally);
        // end::first-logger[]
        if (!ListeningServiceProvider.isActive()) {
            log.warn("SLF4J was initialised before the logging settings were applied (a logger was created too "
                    + "early): --log-file and the log listener have no effect in this run, and loggers created "
                    + "before the settings keep their levels.");
        }
        log.info("Debug contexts: {}", contexts.isEmpty() ? "none"
                : contexts.stream().map(DebugContext::contextName).toList());

        // steps 4 to 6 (the run contract finds the broker here: after step 2, because Kafka's config classes
        // create loggers when they load)
        try (listening) {
            sendMessages(run.bootstrapServers(), run.topic(), run.messages(), run.yourSettings());
        }

        log.info("The log listener received {} client log events: by level {}, by logger {}; "
                + "{} Produce requests, {} Produce responses.", tally.total(), tally.byLevel(),
                tally.byLogger(), tally.produceRequests(), tally.produceResponses());
        if (logFile != null) {
            System.out.println("Log lines written to " + logFile);
        }
        return Run.OK;
    }

    // tag::lesson[]
    static void sendMessages(String bootstrapServers, String topic, int messages, Properties yours) {
        // step 4: stage 01's settings and producer
        Properties props = new Properties();
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "demo-producer"); // the blog's client.id
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000); // metadata waits end after 15 s, not 60
        props.putAll(yours); // your own settings on top (a KAFKA_CLIENT_CONFIG file)
        try (Producer<String, String> producer = new KafkaProducer<>(props)) {
            // step 5: stage 01's send: value-1..value-N, each with a callback that logs where it landed
            ValueSender.send(producer, topic, messages);
        } // step 6: closing the producer sends what is buffered and runs every callback first
    }
    // end::lesson[]
}
