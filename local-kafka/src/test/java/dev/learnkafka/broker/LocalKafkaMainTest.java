package dev.learnkafka.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.utils.internals.AppInfoParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The command line, through {@link LocalKafkaMain#run}, which returns the exit code that main would exit with. */
// sets system properties
@Timeout(value = 90, unit = TimeUnit.SECONDS)
@ResourceLock(Resources.SYSTEM_PROPERTIES)
class LocalKafkaMainTest {
    // Created before any run(): SLF4J is then already set up, so run() pointing it at a log file cannot send the
    // logs of the whole test JVM into a temporary file.
    private static final Logger log = LoggerFactory.getLogger(LocalKafkaMainTest.class);

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final String logFileBefore = System.getProperty(LocalKafkaMain.LOG_FILE_PROPERTY);

    @AfterEach
    void restoreLogProperty() {
        if (logFileBefore == null) {
            System.clearProperty(LocalKafkaMain.LOG_FILE_PROPERTY);
        }
    }

    @Test
    void shouldPrintTheOptionsAndExitZeroForHelp() {
        assertThat(run("--help")).isEqualTo(LocalKafkaMain.EXIT_OK);

        assertThat(out()).contains("--port", "--data-dir", "--brokers", "--topic", "--partitions", "exec:java");
        assertThat(err()).isEmpty();
    }

    @Test
    void shouldStartTheHelpWithHowToRunItAndEndItWithTheExitCodes() {
        assertThat(run("-h")).isEqualTo(LocalKafkaMain.EXIT_OK);

        assertThat(outLines()).first().isEqualTo(
                "Usage: ./mvnw -q -pl local-kafka compile exec:java@broker [-Dexec.args=\"OPTIONS\"]");
        assertThat(outLines()).last().asString().startsWith("Exit codes: 0 stopped cleanly")
                .contains("2 bad option");
        // the defaults come from the fields
        assertThat(out()).contains("(default 9092;", "(default first_topic)", "(default 3)");
    }

    @Test
    void shouldExitTwoWithOneLineForAnUnknownOption() {
        assertThat(run("--prot", "9092")).isEqualTo(LocalKafkaMain.EXIT_USAGE);

        assertThat(errLines()).singleElement().asString().contains("unknown option --prot", "--help");
        assertThat(out()).isEmpty();
    }

    @Test
    void shouldExitTwoWhenAPortIsNotANumber() {
        assertThat(run("--port=abc")).isEqualTo(LocalKafkaMain.EXIT_USAGE);

        assertThat(errLines()).singleElement().asString().contains("--port needs a number", "'abc'");
    }

    @Test
    void shouldExitTwoWithTheRangeWhenANumberIsOutOfIt() {
        assertThat(run("--brokers", "10")).isEqualTo(LocalKafkaMain.EXIT_USAGE);

        assertThat(errLines()).singleElement().asString()
                .isEqualTo("local-kafka: --brokers needs a number from 1 to 9, not '10' (see --help)");
    }

    @Test
    void shouldExitTwoWhenAnOptionHasNoValue() {
        assertThat(run("--data-dir", "--tls")).isEqualTo(LocalKafkaMain.EXIT_USAGE);

        assertThat(errLines()).singleElement().asString().contains("--data-dir needs a value");
    }

    @Test
    void shouldExitTwoForAnUnknownOptionEvenWithHelp() {
        assertThat(run("--help", "--nosuch")).isEqualTo(LocalKafkaMain.EXIT_USAGE);

        assertThat(errLines()).singleElement().asString().contains("unknown option --nosuch");
        assertThat(out()).isEmpty();
    }

    @Test
    void shouldReadBothFormsTakeTheLastOfARepeatedOptionAndNoArgumentFiles() {
        LocalKafkaMain.Options options = LocalKafkaMain.Options.parse("--port=9192", "--brokers", "2",
                "--partitions", "5", "--partitions", " 7", "--log-file", "@broker.log");

        assertThat(List.of(options.port, options.brokers, options.partitions)).containsExactly(9192, 2, 7);
        assertThat(options.nodeControllerPort(2)).isEqualTo(9195);
        assertThat(options.logFile).isEqualTo(Path.of("@broker.log"));
    }

    @Test
    void shouldExitTwoWhenTheReplicationFactorExceedsTheBrokers() {
        assertThat(run("--replication-factor", "3")).isEqualTo(LocalKafkaMain.EXIT_USAGE);

        assertThat(errLines()).singleElement().asString().contains("--brokers 3");
    }

    @Test
    void shouldPutTheTlsListenerAfterTheOtherPortsAndItsFilesInLocalKafkaTlsPort() {
        LocalKafkaMain.Options one = LocalKafkaMain.Options.parse(new String[] {"--tls"});
        LocalKafkaMain.Options three = LocalKafkaMain.Options.parse(new String[] {"--tls", "--brokers", "3"});
        LocalKafkaMain.Options free = LocalKafkaMain.Options.parse(new String[] {"--tls", "--port", "0"});

        // the recipe of docs/your-own-cluster.md dials localhost:9094 and reads local-kafka-tls/9092/ca.pem
        assertThat(one.nodeTlsPort(1)).isEqualTo(9094);
        assertThat(one.tlsDir(9092)).isEqualTo(Path.of("local-kafka-tls", "9092").toAbsolutePath());
        assertThat(List.of(three.nodeTlsPort(1), three.nodeTlsPort(2), three.nodeTlsPort(3)))
                .containsExactly(9098, 9100, 9102);
        assertThat(free.nodeTlsPort(1)).isZero();
    }

    @Test
    void shouldGiveASecondTlsBrokerOnAnotherPortFilesOfItsOwn() {
        LocalKafkaMain.Options first = LocalKafkaMain.Options.parse(new String[] {"--tls"});
        LocalKafkaMain.Options second = LocalKafkaMain.Options.parse(new String[] {"--tls", "--port", "9192"});
        LocalKafkaMain.Options chosen = LocalKafkaMain.Options.parse(new String[] {"--tls", "--tls-dir", "mine"});

        // two brokers in one directory: neither rewrites the other's ca.pem, client.properties or broker.p12
        assertThat(first.tlsDir(first.port)).isNotEqualTo(second.tlsDir(second.port));
        assertThat(second.tlsDir(second.port)).isEqualTo(Path.of("local-kafka-tls", "9192").toAbsolutePath());
        assertThat(chosen.tlsDir(9092)).isEqualTo(Path.of("mine").toAbsolutePath());
    }

    @Test
    void shouldExitTwoForTlsOptionsWithoutTls() {
        assertThat(run("--tls-port", "9500")).isEqualTo(LocalKafkaMain.EXIT_USAGE);

        assertThat(errLines()).singleElement().asString().contains("--tls-port needs --tls");
    }

    @Test
    void shouldExitTwoWhenTheTlsPortIsTakenByAnotherListener() {
        assertThat(run("--tls", "--tls-port", "9093")).isEqualTo(LocalKafkaMain.EXIT_USAGE);

        assertThat(errLines()).singleElement().asString().contains("port 9093 would be used twice", "tls-port");
    }

    @Test
    void shouldListTheTlsOptionsInHelp() {
        assertThat(run("--help")).isEqualTo(LocalKafkaMain.EXIT_OK);

        assertThat(out()).contains("--tls ", "--tls-port", "--tls-dir", "SASL_SSL", "tutorial-secret", "ca.pem");
    }

    @Test
    void shouldExitOneWithOneLineWhenThePortIsInUse() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();

            assertThat(run("--port", Integer.toString(port), "--controller-port", Integer.toString(Ports.freePort())))
                    .isEqualTo(LocalKafkaMain.EXIT_FAILURE);

            assertThat(errLines()).singleElement().asString()
                    .contains("Port " + port + " is already in use", "--port");
            assertThat(out()).isEmpty();
        }
    }

    @Test
    void shouldExitOneWithOneLineWhenTheDataDirectoryCannotBeCreated(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "not a directory");

        assertThat(run("--port", "0", "--data-dir", file.resolve("data").toString()))
                .isEqualTo(LocalKafkaMain.EXIT_FAILURE);

        assertThat(errLines()).singleElement().asString().contains(file.resolve("data").toString());
    }

    @Test
    @Tag("broker") // the only test of this class that starts Kafka
    void shouldStartKafkaCreateTheTopicSayWhereAndStopCleanly(@TempDir Path dataDir) {
        int port = Ports.freePort();
        String bootstrap = "localhost:" + port;
        Map<String, Integer> partitionsSeen = new HashMap<>();

        int code = LocalKafkaMain.run(new String[] {"--port", Integer.toString(port),
            "--controller-port", Integer.toString(Ports.freePort()), "--data-dir", dataDir.toString(),
            "--topic", "tutorial", "--partitions", "2"}, stream(out), stream(err),
            control -> partitionsSeen.put("tutorial", partitionsOf(bootstrap, "tutorial")));

        assertThat(code).as(err()).isEqualTo(LocalKafkaMain.EXIT_OK);
        assertThat(partitionsSeen).containsEntry("tutorial", 2);
        assertThat(outLines()).containsExactly(
                "Kafka " + AppInfoParser.getVersion() + " is ready at " + bootstrap
                        + " (topic tutorial: 2 partitions). Broker logs: " + dataDir.resolve("broker.log")
                        + ". Press Ctrl-C to stop.",
                "Kafka at " + bootstrap + " stopped; its data stays in " + dataDir + ".");
        assertThat(err()).isEmpty();
        assertThat(dataDir.resolve("node-1")).isDirectory();
        assertThat(Ports.isFree(port)).as("port %d released", port).isTrue();
    }

    private static int partitionsOf(String bootstrap, String topic) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(props)) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(topic).partitions().size();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            log.warn("Describing {} failed: {}", topic, e.getMessage());
            return -1;
        }
    }

    private int run(String... args) {
        return LocalKafkaMain.run(args, stream(out), stream(err), control -> {
            throw new AssertionError("Kafka should not have started");
        });
    }

    private static PrintStream stream(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private List<String> outLines() {
        return out().lines().toList();
    }

    private List<String> errLines() {
        return err().lines().toList();
    }
}
