package dev.learnkafka.producer.highlevel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import dev.learnkafka.broker.LocalKafkaMain;
import dev.learnkafka.run.ExitCode;
import dev.learnkafka.run.Run;
import dev.learnkafka.testing.InJvmStage;
import dev.learnkafka.testing.StageProcess;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The recipe of docs/your-own-cluster.md, as a new user follows it: start {@code local-kafka --tls}, write the
 * page's client.properties word for word, run stage 01 with {@code KAFKA_CLIENT_CONFIG} pointing at it, in the
 * directory where the broker wrote {@code local-kafka-tls/9092/}. Then the ways it goes wrong most often, each
 * ending in bounded time with one line that names the cause.
 *
 * <p>One TLS broker for the whole class (making its certificates takes several keytool JVMs). The run that uses the
 * recipe word for word, with its relative paths, runs in a JVM of its own started in the reader's directory; the
 * mistakes, which do not depend on that directory, run in the test JVM with the truststore's path made absolute.
 * The tests run side by side: each reads the files it needs and writes only its own.
 */
@Tag("broker")
@Execution(ExecutionMode.CONCURRENT)
class YourOwnClusterRecipeTest {
    private static final Path ROOT = Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();
    /** The run contract: a broker that cannot be used is reported within 15 s. */
    private static final Duration CONTRACT = Duration.ofSeconds(15);
    /**
     * The contract's 15 s and a margin for a busy 2-core machine (the bound these runs had when each started a JVM
     * of its own; they now run in the test JVM, the clock started with the run, beside other tests' brokers).
     */
    private static final Duration FAILURE_LIMIT = Duration.ofSeconds(25);
    private static final Duration RUN_LIMIT = Duration.ofSeconds(90);
    /** Where local-kafka --tls on its default --port 9092 writes its TLS files, and the recipe reads them. */
    private static final String TLS_DIR = "local-kafka-tls/9092";
    private static final Pattern READY = Pattern.compile(
            "ready at (\\S+) \\(.*and at (\\S+) with SASL_SSL \\(PLAIN, user (\\S+), password ([^;]+);");

    @TempDir
    static Path work;
    private static Process broker;
    private static Path brokerOut;
    private static String plainText;
    private static String saslSsl;
    private static String recipe;

    @BeforeAll
    static void startTheTlsBrokerAsThePageSays() throws Exception {
        String page = Files.readString(ROOT.resolve("docs/your-own-cluster.md"));
        assertThat(page).as("the page starts the TLS broker so")
                .contains("./mvnw -q -pl local-kafka compile exec:java@broker -Dexec.args=\"--tls\"");
        recipe = recipe(page);

        // the page's command, on free ports (--port 0), in a directory of its own, as the working directory; its
        // TLS files where the page's broker on --port 9092 has them, so that the recipe works word for word
        brokerOut = work.resolve("broker-out.txt");
        List<String> command = java(LocalKafkaMain.class, "--tls", "--port", "0", "--tls-dir", TLS_DIR,
                "--controlled-by-stdin", "--log-file", work.resolve("broker.log").toString());
        long began = System.nanoTime();
        broker = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(brokerOut.toFile()).start();
        await("the TLS broker's start line").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    assertThat(broker.isAlive()).as("the broker is running: %s", read(brokerOut)).isTrue();
                    return read(brokerOut).contains(" ready at ");
                });
        String line = read(brokerOut);
        System.out.printf("TLS broker ready in %d ms: %s%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began), line.trim());
        Matcher ready = READY.matcher(line);
        assertThat(ready.find()).as(line).isTrue();
        plainText = ready.group(1);
        saslSsl = ready.group(2);
        assertThat(line).contains(work.resolve(TLS_DIR + "/client.properties").toString(),
                work.resolve(TLS_DIR + "/ca.pem").toString());
        // what the page promises the reader about the broker
        assertThat(recipe).contains("username=\"" + ready.group(3) + "\"", "password=\"" + ready.group(4) + "\"");
        // the reader's file, word for word, for the runs in the reader's directory
        Files.writeString(work.resolve("client.properties"), recipe);
    }

    @AfterAll
    static void stopTheBroker() throws Exception {
        if (broker != null) {
            broker.getOutputStream().close(); // --controlled-by-stdin: the end of its input stops it
            if (!broker.waitFor(60, TimeUnit.SECONDS)) {
                broker.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void shouldDeliverFiveMessagesWithTheReadmesRecipeAndReadThemBackOverTls() throws Exception {
        var run = stage01(Map.of("KAFKA_BOOTSTRAP_SERVERS", saslSsl, "KAFKA_CLIENT_CONFIG", "client.properties"),
                RUN_LIMIT);

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.stdout()).contains("Delivered 5 of 5 messages.");
        assertThat(run.stderr()).isEmpty();
        // read back through the same listener with the same settings: the messages are there
        assertThat(readBack("first_topic", 5)).containsSubsequence("value-1", "value-2", "value-3", "value-4",
                "value-5");
    }

    @Test
    void shouldNameTheUntrustedCertificateWhenTheTruststoreHoldsOtherCas() throws Exception {
        Path otherCa = Files.writeString(work.resolve("other-ca.pem"), pem(someCaTheJdkTrusts()));
        Path config = Files.writeString(work.resolve("wrong-ca.properties"), recipe.replace(TLS_DIR + "/ca.pem",
                otherCa.toString()));

        var run = inThisJvm(Map.of("KAFKA_BOOTSTRAP_SERVERS", saslSsl, "KAFKA_CLIENT_CONFIG", config.toString()));

        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.FAILED);
        assertThat(errorLine(run)).contains("TLS handshake", saslSsl, "not signed by a CA this client trusts",
                "ssl.truststore.location");
        assertBounded(run);
    }

    @Test
    void shouldNameTheFailedLoginForAWrongPassword() throws Exception {
        String wrong = withAbsoluteTruststore(recipe)
                .replaceFirst("password=\"[^\"]*\"", "password=\"not-the-password\"");
        assertThat(wrong).contains("password=\"not-the-password\"", "ssl.truststore.location=/");
        Path config = Files.writeString(work.resolve("wrong-password.properties"), wrong);

        var run = inThisJvm(Map.of("KAFKA_BOOTSTRAP_SERVERS", saslSsl, "KAFKA_CLIENT_CONFIG", config.toString()));

        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.FAILED);
        assertThat(errorLine(run)).contains("Authentication failed", "Invalid username or password");
        assertThat(run.stdout()).contains("Delivered 0");
        assertBounded(run);
    }

    @Test
    void shouldNameTheSecurityProtocolWhenTheAddressIsThePlainTextListener() throws Exception {
        Path config = Files.writeString(work.resolve("plain-listener.properties"), withAbsoluteTruststore(recipe));

        // in this JVM: the broker check waits its 8 s for an answer without a JVM start on top
        var run = inThisJvm(Map.of("KAFKA_BOOTSTRAP_SERVERS", plainText, "KAFKA_CLIENT_CONFIG", config.toString()));

        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.FAILED);
        assertThat(errorLine(run)).contains(plainText, "security.protocol=SASL_SSL",
                "A plain-text listener does not answer a SASL_SSL client");
        assertBounded(run);
    }

    @Test
    void shouldSayTheListenerSpeaksTlsWhenThePlainTextSettingsAskTheSaslSslPort() throws Exception {
        // no KAFKA_CLIENT_CONFIG: plain text, the default, against the TLS listener (a Kafka client would have read
        // the TLS alert's first 4 bytes as the size of an answer: 352 MB)
        var run = inThisJvm(Map.of("KAFKA_BOOTSTRAP_SERVERS", saslSsl));

        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.FAILED);
        assertThat(errorLine(run)).contains(saslSsl, "a TLS record: that listener speaks TLS",
                "A listener that expects TLS or SASL needs security.protocol");
        assertBounded(run);
    }

    @Test
    void shouldCallAMissingTruststoreBadConfiguration() throws Exception {
        Path config = Files.writeString(work.resolve("missing-ca.properties"), recipe.replace(TLS_DIR + "/ca.pem",
                "no-such-dir/ca.pem"));

        // in this JVM: the relative path counts from this JVM's directory, and the line names that directory
        var run = inThisJvm(Map.of("KAFKA_BOOTSTRAP_SERVERS", saslSsl, "KAFKA_CLIENT_CONFIG", config.toString()));

        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.USAGE);
        assertThat(errorLine(run)).contains("ssl.truststore.location=no-such-dir/ca.pem", "no readable file there",
                "the directory the stage runs in, " + Path.of("").toAbsolutePath() + ")");
        assertBounded(run);
    }

    /** The lines between {@code cat > client.properties <<'PROPS'} and {@code PROPS}, as a shell writes them. */
    static String recipe(String page) {
        Matcher m = Pattern.compile("cat > client\\.properties <<'PROPS'\\n(.*?\\n)PROPS\\n", Pattern.DOTALL)
                .matcher(page);
        assertThat(m.find()).as("the page's client.properties recipe").isTrue();
        String text = m.group(1);
        assertThat(m.find()).as("one recipe on the page").isFalse();
        assertThat(text).contains("security.protocol=SASL_SSL", "sasl.mechanism=PLAIN",
                "ssl.truststore.location=" + TLS_DIR + "/ca.pem");
        return text;
    }

    private static void assertBounded(StageProcess.Result run) {
        System.out.printf("%s ended with exit %d in %d ms%n", run.stderr().trim(), run.exitCode(),
                run.elapsed().toMillis());
        assertThat(run.elapsed()).as(run.output()).isLessThan(FAILURE_LIMIT);
        assertThat(run.output()).as("no stack trace").doesNotContain("\tat ", "Caused by");
        assertThat(run.stderr().lines().toList()).as("one error line").hasSize(1);
    }

    private static String errorLine(StageProcess.Result run) {
        assertThat(run.stderr().lines().toList()).as(run.output()).singleElement();
        return run.stderr().trim();
    }

    /** The recipe with the truststore's path made absolute: for a run whose directory is not the reader's. */
    private static String withAbsoluteTruststore(String recipe) {
        return recipe.replace("ssl.truststore.location=" + TLS_DIR + "/ca.pem",
                "ssl.truststore.location=" + work.resolve(TLS_DIR + "/ca.pem"));
    }

    /** Stage 01 in this JVM (its directory is the module's, not the reader's): for mistakes that do not need it. */
    private static StageProcess.Result inThisJvm(Map<String, String> env) throws Exception {
        return InJvmStage.run(() -> Run.run(new String[0], env, HighLevelProducerDemo.OPTIONS,
                HighLevelProducerDemo::run, System.err));
    }

    /** Stage 01 in a JVM of its own, started in the reader's directory: relative paths count from there. */
    private static StageProcess.Result stage01(Map<String, String> env, Duration limit) throws Exception {
        Path out = Files.createTempFile(work, "stage-out-", ".txt");
        Path err = Files.createTempFile(work, "stage-err-", ".txt");
        ProcessBuilder builder = new ProcessBuilder(java(HighLevelProducerDemo.class))
                .directory(work.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().keySet().removeIf(k -> k.startsWith("KAFKA_"));
        builder.environment().putAll(env);
        long began = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("stage 01 did not end within " + limit + ": " + read(out) + read(err));
        }
        return new StageProcess.Result(process.exitValue(), read(out), read(err),
                Duration.ofNanos(System.nanoTime() - began));
    }

    private static List<String> java(Class<?> mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(StageProcess.jdkOptions());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        return command;
    }

    /** A consumer with the recipe's settings (its truststore path taken from the reader's directory). */
    private static List<String> readBack(String topic, int expected) throws IOException {
        Properties props = new Properties();
        props.load(new StringReader(recipe));
        props.setProperty("ssl.truststore.location",
                work.resolve(props.getProperty("ssl.truststore.location")).toString());
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, saslSsl);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "recipe-check-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> values = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            await("at least " + expected + " records in " + topic + " over SASL_SSL").atMost(Duration.ofSeconds(60))
                    .until(() -> {
                        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                            values.add(r.value());
                        }
                        return values.size() >= expected;
                    });
        }
        return values;
    }

    /** A real CA, one the JDK ships: the wrong truststore for a cluster whose CA it is not. */
    private static X509Certificate someCaTheJdkTrusts() throws Exception {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        for (var manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509 && x509.getAcceptedIssuers().length > 0) {
                return x509.getAcceptedIssuers()[0];
            }
        }
        throw new AssertionError("this JDK trusts no CA");
    }

    private static String pem(X509Certificate certificate) throws Exception {
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
