package dev.learnkafka.producer.errors;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.learnkafka.broker.LocalKafka;
import dev.learnkafka.broker.Ports;
import dev.learnkafka.testing.KafkaBroker;
import dev.learnkafka.testing.StageProcess;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Runs the stage against real faults and saves what a reader sees into docs/captured/03-*.txt, for the page.
 * Not a test: {@code ./mvnw -q -pl 03-error-monitoring -am test-compile exec:java@capture03} (about a minute).
 * The stage runs in its own JVM, as a reader runs it; the broker is stopped and started from here.
 */
public final class CaptureFaults {
    private static final Duration LIMIT = Duration.ofSeconds(90);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private CaptureFaults() {
    }

    public static void main(String[] args) throws Exception {
        // under exec:java the classes come from a class loader, not java.class.path; the stage's JVMs need them
        if (Thread.currentThread().getContextClassLoader() instanceof URLClassLoader loader) {
            List<String> entries = new ArrayList<>();
            for (URL url : loader.getURLs()) {
                entries.add(Path.of(url.toURI()).toString());
            }
            System.setProperty("java.class.path", String.join(File.pathSeparator, entries));
        }
        Path captured = Path.of(System.getProperty("project.root", "..")).resolve("docs/captured");
        Files.createDirectories(captured);
        Path dir = Files.createTempDirectory("capture-03-");

        try (LocalKafka kafka = LocalKafka.builder().brokerConfig("auto.create.topics.enable", "false")
                .build().start()) {
            kafka.createTopic("first_topic", 3, 1);
            save(captured, "03-error-monitoring.txt", StageProcess.run(ErrorMonitoringDemo.class,
                    Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers()), List.of(), LIMIT).output());
            Path shortBlock = Files.writeString(dir.resolve("block.properties"), "max.block.ms=5000\n");
            save(captured, "03-unknown-topic.txt", StageProcess.run(ErrorMonitoringDemo.class,
                    Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(), "KAFKA_TOPIC", "no_such_topic",
                            "KAFKA_CLIENT_CONFIG", shortBlock.toString()), List.of(), LIMIT).output());

            // the broker stops while the stage sends one message every 250 ms, and comes back
            save(captured, "03-outage.txt", runWhile(kafka, Map.of(), true));
            // and once more, for good this time; shorter timeouts so that the run ends soon
            Path shortTimeouts = Files.writeString(dir.resolve("short.properties"),
                    "delivery.timeout.ms=5000\nrequest.timeout.ms=3000\nmax.block.ms=2000\n");
            save(captured, "03-broker-gone.txt", runWhile(kafka,
                    Map.of("KAFKA_CLIENT_CONFIG", shortTimeouts.toString()), false));
        }

        save(captured, "03-no-broker.txt", StageProcess.run(ErrorMonitoringDemo.class,
                Map.of("KAFKA_BOOTSTRAP_SERVERS", "localhost:" + Ports.freePort()), List.of(), LIMIT).output());

        try (LocalKafka kafka = LocalKafka.builder().saslPlainUser("alice", "alice-secret").build().start()) {
            kafka.createTopic("first_topic", 3, 1);
            Path wrong = Files.writeString(dir.resolve("wrong.properties"), """
                    security.protocol=SASL_PLAINTEXT
                    sasl.mechanism=PLAIN
                    sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required \
                    username="alice" password="wrong";
                    """);
            save(captured, "03-wrong-password.txt", StageProcess.run(ErrorMonitoringDemo.class,
                    Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.saslBootstrapServers(),
                            "KAFKA_CLIENT_CONFIG", wrong.toString()), List.of(), LIMIT).output());
        }

        try (LocalKafka kafka = LocalKafka.builder().saslPlainUser("alice", "alice-secret")
                .brokerConfig("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                .brokerConfig("super.users", "User:ANONYMOUS")
                .build().start()) {
            kafka.createTopic("first_topic", 3, 1);
            Path alice = Files.writeString(dir.resolve("alice.properties"), """
                    security.protocol=SASL_PLAINTEXT
                    sasl.mechanism=PLAIN
                    sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required \
                    username="alice" password="alice-secret";
                    """);
            save(captured, "03-not-authorised.txt", StageProcess.run(ErrorMonitoringDemo.class,
                    Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.saslBootstrapServers(),
                            "KAFKA_CLIENT_CONFIG", alice.toString()), List.of(), LIMIT).output());
        }

        save(captured, "03-too-large.txt", tooLarge());
        save(captured, "03-replication.txt", leaderStops());
    }

    /** Runs the stage with a pause between sends; stops the broker after a few deliveries, maybe restarts it. */
    private static String runWhile(LocalKafka kafka, Map<String, String> env, boolean restart) throws Exception {
        Path out = Files.createTempFile("stage-", ".txt");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(StageProcess.jdkOptions());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ErrorMonitoringDemo.class.getName(),
                "--messages", "16", "--send-interval-ms", "250", "--poll-interval-ms", "200"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().keySet().removeIf(k -> k.startsWith("KAFKA_"));
        builder.environment().put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        builder.environment().putAll(env);
        Process process = builder.start();
        waitFor(out, "Delivered message opaque::3 ");
        kafka.stop();
        if (restart) {
            waitFor(out, "BROKER_UNREACHABLE");
            kafka.start();
        }
        if (!process.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("The stage did not end: " + Files.readString(out));
        }
        String text = Files.readString(out, StandardCharsets.UTF_8);
        Files.delete(out);
        return text + "(exit code " + process.exitValue() + ")\n";
    }

    private static void waitFor(Path out, String text) throws Exception {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!Files.readString(out).contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("No '" + text + "' in: " + Files.readString(out));
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    /** Fault 4 in the library: one record above max.request.size among small ones. */
    private static String tooLarge() throws Exception {
        StringBuilder text = new StringBuilder();
        try (LocalKafka kafka = LocalKafka.builder().build().start()) {
            String topic = "large_records";
            kafka.createTopic(topic, 3, 1);
            var outcomes = new Clients.Outcomes();
            try (Producer<String, String> producer = new KafkaProducer<>(Clients.producerProps(
                    kafka.bootstrapServers(), Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 100_000)));
                 ErrorMonitor monitor = new ErrorMonitor(producer, kafka.bootstrapServers(), Duration.ofSeconds(5))
                         .onError(e -> line(text, e)).onRecovery(e -> line(text, e)).start(Duration.ofMillis(50))) {
                outcomes.send(producer, monitor, topic, 1, 2);
                outcomes.send(producer, monitor, new ProducerRecord<>(topic, "x".repeat(200_000)));
                outcomes.send(producer, monitor, topic, 3, 4);
                producer.flush();
            }
            text.append("delivered ").append(outcomes.delivered.keySet().stream().sorted().toList())
                    .append(", failed ").append(outcomes.failed.keySet()).append('\n');
        }
        return text.toString();
    }

    /** Fault 7 in the library: the leader of partition 0 stops in the middle of 100,000 messages. */
    private static String leaderStops() throws Exception {
        StringBuilder text = new StringBuilder();
        try (LocalKafka kafka = LocalKafka.builder().brokers(3).build().start()) {
            String topic = "replicated";
            kafka.createTopic(topic, 3, 3, Map.of("min.insync.replicas", "2"));
            int leader;
            try (Admin admin = kafka.admin()) {
                KafkaBroker.awaitLeaders(admin, topic, 3);
                leader = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic)
                        .partitions().get(0).leader().id();
            }
            var outcomes = new Clients.Outcomes();
            try (Producer<String, String> producer = new KafkaProducer<>(Clients.producerProps(
                    kafka.bootstrapServers(), Map.of()));
                 ErrorMonitor monitor = new ErrorMonitor(producer, kafka.bootstrapServers(), Duration.ofSeconds(5))
                         .onError(e -> line(text, e)).onRecovery(e -> line(text, e)).start(Duration.ofMillis(50))) {
                outcomes.send(producer, monitor, topic, 1, 50_000);
                text.append(now()).append(" stopping broker ").append(leader)
                        .append(", the leader of partition 0\n");
                var stopped = java.util.concurrent.CompletableFuture.runAsync(() -> kafka.stopNode(leader));
                outcomes.send(producer, monitor, topic, 50_001, 75_000);
                stopped.get(60, TimeUnit.SECONDS);
                outcomes.send(producer, monitor, topic, 75_001, 100_000);
                producer.flush();
                TimeUnit.MILLISECONDS.sleep(500); // the last metric readings
            }
            List<String> written = Clients.consumeAll(kafka.bootstrapServers(), topic);
            text.append("sent 100000, delivered ").append(outcomes.delivered.size()).append(", failed ")
                    .append(outcomes.failed.size()).append("; read back ").append(written.size())
                    .append(" messages, ").append(new java.util.HashSet<>(written).size()).append(" distinct\n");
        }
        return text.toString();
    }

    private static synchronized void line(StringBuilder text, ErrorEvent event) {
        text.append(LocalTime.ofInstant(event.time(), ZoneId.systemDefault()).format(TIME)).append(' ')
                .append(event).append('\n');
    }

    private static String now() {
        return LocalTime.now().format(TIME);
    }

    private static void save(Path dir, String name, String text) throws Exception {
        Files.writeString(dir.resolve(name), text);
        System.out.println("== " + name + "\n" + text);
    }
}
