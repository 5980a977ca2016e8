package dev.learnkafka.producer.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.learnkafka.testing.KafkaBroker;
import dev.learnkafka.testing.KafkaTest;
import dev.learnkafka.testing.StageProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the stage in its own JVM, as a reader does: logging settings are per JVM and fixed at the first logger,
 * so every debug setting is tested in a fresh one. --log-file: {@link NoSecretsInLogsTest}; an unknown context
 * and --help (nothing is configured, nothing logs): {@link BadInputTest}, in the test JVM.
 */
@KafkaTest
class DebugLoggingRunTest {
    private static final Duration LIMIT = Duration.ofSeconds(90);
    /** A client log line as slf4j-simple prints it here: time [thread] LEVEL logger - message. */
    private static final Pattern CLIENT_LINE =
            Pattern.compile("^\\S+ \\[[^\\]]+\\] (TRACE|DEBUG|INFO|WARN|ERROR) (org\\.apache\\.kafka\\S*) - ",
                    Pattern.MULTILINE);

    /**
     * {@code --debug msg,conf} with the blog's {@code debug=all} in KAFKA_CLIENT_CONFIG: msg shows the send path,
     * conf shows that the Java client has no {@code debug} setting (it is unused), and no logger outside the two
     * contexts talks below INFO: {@code debug=all} turned nothing on.
     */
    @Test
    void shouldShowTheSendPathWithMsgIgnoreLibrdkafkasDebugPropertyAndHandTheListenerEveryLine(KafkaBroker broker,
            @TempDir Path dir) throws Exception {
        String topic = topic(broker, "msg04");
        Path config = dir.resolve("client.properties");
        Files.writeString(config, "debug=all\n"); // what the blog sets on node-rdkafka
        var env = new java.util.HashMap<>(env(broker, topic));
        env.put("KAFKA_CLIENT_CONFIG", config.toString());

        var run = StageProcess.run(DebugLoggingDemo.class, env, List.of(), LIMIT, "--debug", "msg,conf");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.stdout()).contains("Debug contexts: [msg, conf]")
                .contains("These configurations '[debug]' were supplied but are not used yet.");
        assertThat(run.stdout())
                .containsPattern("DEBUG org\\.apache\\.kafka\\.clients\\.producer\\.internals\\.RecordAccumulator - "
                        + "\\[Producer clientId=demo-producer\\] Assigned producerId \\d+ and producerEpoch \\d+ to batch")
                .containsPattern("TRACE org\\.apache\\.kafka\\.clients\\.producer\\.internals\\.Sender - .*"
                        + "Nodes with data ready to send")
                .containsPattern("TRACE org\\.apache\\.kafka\\.clients\\.producer\\.internals\\.ProducerBatch - "
                        + "Successfully produced messages to " + topic + "-\\d with base offset \\d+")
                .contains("Delivered 5 of 5 messages.");
        // exactly the loggers of msg and conf talk below INFO, nothing else
        List<String> contextLoggers = java.util.stream.Stream.of(DebugContext.MSG, DebugContext.CONF)
                .flatMap(c -> c.settings().stream()).map(DebugContext.Setting::logger).toList();
        assertThat(clientLines(run.stdout(), "DEBUG", "TRACE")).isNotEmpty().allMatch(contextLoggers::contains);
        // the listener got every client line that was printed, level by level
        assertThat(listenerSummary(run.stdout()))
                .contains("TRACE=" + clientLines(run.stdout(), "TRACE").size())
                .contains("DEBUG=" + clientLines(run.stdout(), "DEBUG").size())
                .contains("INFO=" + clientLines(run.stdout(), "INFO").size())
                .containsPattern("Sender=[1-9]").containsPattern("RecordAccumulator=[1-9]");
        assertThat(run.stderr()).isEmpty();
    }

    @Test
    void shouldPrintNoDebugLineWhenDebugIsOff(KafkaBroker broker) throws Exception {
        String topic = topic(broker, "off04");

        var run = StageProcess.run(DebugLoggingDemo.class, env(broker, topic), List.of(), LIMIT);

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.stdout()).contains("Debug contexts: none", "Delivered 5 of 5 messages.")
                .doesNotContain(" DEBUG ").doesNotContain(" TRACE ");
        assertThat(clientLines(run.stdout(), "INFO")).isNotEmpty();
        assertThat(listenerSummary(run.stdout()))
                .contains("by level {INFO=" + clientLines(run.stdout(), "INFO").size() + "}");
    }

    @Test
    void shouldShowProduceRequestsForTheTopicWithProtocolFromTheEnvironment(KafkaBroker broker) throws Exception {
        String topic = topic(broker, "protocol04");
        var env = new java.util.HashMap<>(env(broker, topic));
        env.put("KAFKA_DEBUG", "protocol");

        var run = StageProcess.run(DebugLoggingDemo.class, env, List.of(), LIMIT);

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.stdout())
                .contains("Debug contexts: [protocol]")
                .contains("Sending API_VERSIONS request", "Received API_VERSIONS response")
                .contains("Sending METADATA request", "Received METADATA response")
                .containsPattern("DEBUG org\\.apache\\.kafka\\.clients\\.NetworkClient - \\[Producer clientId="
                        + "demo-producer\\] Sending PRODUCE request with header RequestHeader\\(apiKey=PRODUCE.*"
                        + "partitionSizes=\\[\\S+:" + topic + "-\\d=\\d+")
                .containsPattern("Received PRODUCE response from node \\d+");
        long requests = run.stdout().lines().filter(l -> l.contains("Sending PRODUCE request")).count();
        long responses = run.stdout().lines().filter(l -> l.contains("Received PRODUCE response")).count();
        assertThat(requests).isPositive();
        assertThat(listenerSummary(run.stdout()))
                .contains(requests + " Produce requests, " + responses + " Produce responses");
        assertThat(clientLines(run.stdout(), "DEBUG", "TRACE")).isNotEmpty()
                .allMatch("org.apache.kafka.clients.NetworkClient"::equals);
    }

    static String topic(KafkaBroker broker, String prefix) {
        String topic = KafkaBroker.uniqueTopic(prefix);
        broker.createTopic(topic, 3);
        return topic;
    }

    static Map<String, String> env(KafkaBroker broker, String topic) {
        return Map.of("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(), "KAFKA_TOPIC", topic);
    }

    /** The logger names of the client lines printed at the given levels, one per line. */
    static List<String> clientLines(String output, String... levels) {
        List<String> wanted = List.of(levels);
        Matcher m = CLIENT_LINE.matcher(output);
        List<String> loggers = new java.util.ArrayList<>();
        while (m.find()) {
            if (wanted.contains(m.group(1))) {
                loggers.add(m.group(2));
            }
        }
        return loggers;
    }

    static String listenerSummary(String output) {
        return output.lines().filter(l -> l.contains("The log listener received")).collect(Collectors.joining("\n"));
    }
}
