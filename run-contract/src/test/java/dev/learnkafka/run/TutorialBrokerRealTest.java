package dev.learnkafka.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import dev.learnkafka.broker.LocalKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.io.TempDir;

/** {@link TutorialBroker} against real brokers: the run-scoped embedded one, and things that only look like one. */
@Tag("broker")
@Timeout(value = 4, unit = TimeUnit.MINUTES) // a hang fails the test instead of the build
@Execution(ExecutionMode.CONCURRENT) // the tests mostly wait (for a broker JVM, a check): side by side
class TutorialBrokerRealTest {
    private static final TutorialEnvironment NOTHING_CONFIGURED = TutorialEnvironment.of(Map.of());
    /**
     * The Kafka-level check's timeout where a test waits for it to run out: the product's 8 s
     * ({@link TutorialBroker#KAFKA_CHECK_TIMEOUT}) proves nothing more, and would be waited for in full.
     */
    private static final Duration SHORT_CHECK = Duration.ofSeconds(2);

    /** A broker the runs did not start, as a reader's own: in this JVM, it starts in a second. */
    private static LocalKafka readers;

    @BeforeAll
    static void startTheReadersBroker() {
        readers = LocalKafka.builder().build().start();
    }

    @AfterAll
    static void stopTheReadersBroker() {
        readers.close();
    }

    @Test
    void shouldGiveEachRunItsOwnBrokerOnAFreePortThatItCanStopAndRestartWithItsDataAndNoOtherRunsData()
            throws Exception {
        int tutorialPort = freePort(); // nothing listens there, as on a machine without a broker
        List<String> announced = new CopyOnWriteArrayList<>();

        try (TutorialBroker first = TutorialBroker.connect(NOTHING_CONFIGURED, announced::add, tutorialPort,
                TutorialBroker.KAFKA_CHECK_TIMEOUT)) {
            send(first.bootstrapServers(), 3);
            try (TutorialBroker second = TutorialBroker.connect(NOTHING_CONFIGURED, announced::add, tutorialPort,
                    TutorialBroker.KAFKA_CHECK_TIMEOUT)) {
                assertThat(second.isEmbedded()).isTrue();
                String address = second.bootstrapServers();
                assertThat(address).isNotEqualTo(first.bootstrapServers());
                send(address, 2);
                assertThat(messagesIn(address)).isEqualTo(2);

                // what stage 03's --fault does to its run's broker: stop it, then restart it as the same broker
                second.stop();
                assertThat(listening(address)).as("%s after stop()", address).isFalse();
                second.restart();
                assertThat(second.bootstrapServers()).isEqualTo(address);
                assertThat(messagesIn(address)).isEqualTo(2);
                send(address, 1);
                assertThat(messagesIn(address)).isEqualTo(3);
            }
            // the second run has ended and taken its broker with it: the first one's broker and data are intact
            assertThat(first.isEmbedded()).isTrue();
            assertThat(messagesIn(first.bootstrapServers())).isEqualTo(3);
            assertThat(first.bootstrapServers()).isNotEqualTo("localhost:" + tutorialPort);
        }
        assertThat(announced).hasSize(2).allSatisfy(line -> assertThat(line)
                .startsWith("No broker at localhost:" + tutorialPort + " and KAFKA_BOOTSTRAP_SERVERS is unset: "
                        + "started an embedded Kafka broker at localhost:")
                .contains("for this run only", "first_topic", "its data is deleted when the run ends"));
    }

    @Test
    void shouldRefuseToStopABrokerItDidNotStart() throws Exception {
        try (TutorialBroker theirs = TutorialBroker.connect(TutorialEnvironment.of(Map.of(
                     "KAFKA_BOOTSTRAP_SERVERS", readers.bootstrapServers())), line -> { }, freePort(),
                     TutorialBroker.KAFKA_CHECK_TIMEOUT)) {
            assertThat(theirs.isEmbedded()).isFalse();
            assertThatThrownBy(theirs::stop).isInstanceOf(IllegalStateException.class);
            assertThat(listening(readers.bootstrapServers())).isTrue();
        }
    }

    @Test
    void shouldEndTheBrokerWithTheRunEvenWhenTheRunIsKilled() throws Exception {
        Process run = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), RunThatHoldsABroker.class.getName(),
                Integer.toString(freePort())).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(run.getInputStream(),
                StandardCharsets.UTF_8))) {
            List<String> lines = new ArrayList<>();
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("bootstrap=")) {
                lines.add(line);
            }
            assertThat(line).as("the run's output: %s", lines).isNotNull();
            String address = line.substring("bootstrap=".length());
            // one line says which broker; the broker's own logs go to its file, not to the run's output
            assertThat(lines).singleElement().asString().contains("started an embedded Kafka broker at " + address);
            List<ProcessHandle> brokers = run.descendants().toList();
            assertThat(brokers).isNotEmpty();
            assertThat(listening(address)).isTrue();

            run.destroyForcibly(); // kill -9: no shutdown hook runs

            await().atMost(Duration.ofSeconds(60)).until(() -> brokers.stream().noneMatch(ProcessHandle::isAlive));
            assertThat(listening(address)).isFalse();
        } finally {
            run.destroyForcibly();
        }
    }

    @Test
    void shouldFailFastNamingTheAddressWhenSomethingAnswersTcpButNotKafka() throws Exception {
        try (ServerSocket notKafka = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Long> contacts = new CopyOnWriteArrayList<>(); // System.nanoTime() of each connection
            Thread server = new Thread(() -> answerNothing(notKafka, contacts), "not-kafka");
            server.setDaemon(true);
            server.start();
            String address = "localhost:" + notKafka.getLocalPort();
            var env = TutorialEnvironment.of(Map.of("KAFKA_BOOTSTRAP_SERVERS", address));

            assertThatThrownBy(() -> TutorialBroker.connect(env, line -> { }, freePort(), SHORT_CHECK))
                    .isInstanceOf(BrokerUnavailableException.class)
                    .hasMessageContaining(address)
                    .hasMessageContaining("does not answer as a Kafka broker")
                    .hasMessageContaining("security.protocol");
            long endedNanos = System.nanoTime();
            // the promise is the Kafka check's: it starts when its client first connects (the second connection,
            // the first is the probe's; creating the Admin client comes before and takes what a busy machine gives
            // it), asks for at most the check's timeout and waits 1 s more for the answer; 3 s of margin
            assertThat(contacts).as("the probe's and the check's connections").hasSizeGreaterThanOrEqualTo(2);
            assertThat(Duration.ofNanos(endedNanos - contacts.get(1)))
                    .as("from the check's first connection to the error; connections at %s ms after the probe",
                            contacts.stream().map(t -> (t - contacts.get(0)) / 1_000_000).toList())
                    .isLessThan(SHORT_CHECK.plusSeconds(1 + 3));
        }
    }

    @Test
    void shouldQuoteAWebServersAnswerWithoutAKafkaClientEverReadingIt() throws Exception {
        try (ServerSocket web = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Long> contacts = new CopyOnWriteArrayList<>();
            Thread server = new Thread(() -> answerAsAWebServer(web, contacts), "web-server");
            server.setDaemon(true);
            server.start();
            String address = "localhost:" + web.getLocalPort();
            var env = TutorialEnvironment.of(Map.of("KAFKA_BOOTSTRAP_SERVERS", address));

            assertThatThrownBy(() -> TutorialBroker.connect(env, line -> { }, freePort(), SHORT_CHECK))
                    .isInstanceOf(BrokerUnavailableException.class)
                    .hasMessageContaining(address)
                    .hasMessageContaining("does not answer as a Kafka broker")
                    .hasMessageContaining("its answer begins \"HTTP/1.1 400 Bad Request\"");
            // the TCP probe and the plain ApiVersions request: no Kafka client read the answer (it would have
            // allocated "HTTP" = 1.2 GB for it)
            assertThat(contacts).as("connections").hasSize(2);
        }
    }

    @Test
    void shouldFindThatAKafkaBrokerAnswersThePlainApiVersionsRequest() {
        String bootstrap = readers.bootstrapServers();
        int colon = bootstrap.lastIndexOf(':');
        assertThat(BrokerCheck.plainAnswer(InetSocketAddress.createUnresolved(bootstrap.substring(0, colon),
                Integer.parseInt(bootstrap.substring(colon + 1))), SHORT_CHECK)).isNull();
    }

    @Test
    void shouldFailFastNamingSecurityProtocolWhenTheClientAsksTlsOfAPlainTextBroker(@TempDir Path tmp)
            throws Exception {
        Path config = Files.writeString(tmp.resolve("client.properties"), "security.protocol=SSL\n");
        try (ServerSocket relay = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            // the client reaches the broker through a relay that notes when each connection comes
            List<Long> contacts = new CopyOnWriteArrayList<>();
            Thread relaying = new Thread(() -> relay(relay, readers.bootstrapServers(), contacts), "relay");
            relaying.setDaemon(true);
            relaying.start();
            String address = "localhost:" + relay.getLocalPort();
            var env = TutorialEnvironment.of(Map.of("KAFKA_BOOTSTRAP_SERVERS", address,
                    "KAFKA_CLIENT_CONFIG", config.toString()));

            assertThatThrownBy(() -> TutorialBroker.connect(env, line -> { }, freePort(), SHORT_CHECK))
                    .isInstanceOf(BrokerUnavailableException.class)
                    .hasMessageContaining(address)
                    .hasMessageContaining("security.protocol=SSL")
                    .hasMessageContaining(config.toString());
            long endedNanos = System.nanoTime();
            // as above: from the check's first connection (the second; the first is the probe's), at most the
            // check's timeout, 1 s for the answer, and 3 s of margin
            assertThat(contacts).as("the probe's and the check's connections").hasSizeGreaterThanOrEqualTo(2);
            assertThat(Duration.ofNanos(endedNanos - contacts.get(1)))
                    .isLessThan(SHORT_CHECK.plusSeconds(1 + 3));
        }
    }

    /** Passes each connection on to {@code target}, both ways, noting when it came. */
    private static void relay(ServerSocket server, String target, List<Long> contacts) {
        int colon = target.lastIndexOf(':');
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                contacts.add(System.nanoTime());
                Socket broker = new Socket(target.substring(0, colon), Integer.parseInt(target.substring(colon + 1)));
                pipe(client, broker);
                pipe(broker, client);
            } catch (IOException e) {
                // closed by the test
            }
        }
    }

    private static void pipe(Socket from, Socket to) {
        Thread copy = new Thread(() -> {
            try (from; to) {
                from.getInputStream().transferTo(to.getOutputStream());
            } catch (IOException e) {
                // one side hung up: both close
            }
        }, "relay-pipe");
        copy.setDaemon(true);
        copy.start();
    }

    /** A run as a stage makes it, in a JVM of its own: connect, say where, hold the broker until stdin ends. */
    static final class RunThatHoldsABroker {
        public static void main(String[] args) throws Exception {
            try (TutorialBroker broker = TutorialBroker.connect(NOTHING_CONFIGURED, System.out::println,
                    Integer.parseInt(args[0]), TutorialBroker.KAFKA_CHECK_TIMEOUT)) {
                System.out.println("bootstrap=" + broker.bootstrapServers());
                System.out.flush();
                while (System.in.read() >= 0) {
                    // held until the test ends this JVM
                }
            }
        }
    }

    /**
     * Accepts connections and reads what comes, answering nothing, as a service that waits for its own protocol's
     * greeting does (a web server's answer is {@link #answerAsAWebServer}'s).
     */
    private static void answerNothing(ServerSocket server, List<Long> contacts) {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                contacts.add(System.nanoTime());
                Thread reader = new Thread(() -> {
                    try (client) {
                        client.getInputStream().transferTo(OutputStream.nullOutputStream());
                    } catch (IOException e) {
                        // the client hung up
                    }
                }, "not-kafka-reader");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                // closed by the test
            }
        }
    }

    /** Answers whatever comes as a web server does: the answer Kafka's own client would read as a size. */
    private static void answerAsAWebServer(ServerSocket server, List<Long> contacts) {
        while (!server.isClosed()) {
            try (Socket client = server.accept()) {
                contacts.add(System.nanoTime());
                client.setSoTimeout(1_000);
                client.getInputStream().read(new byte[64]); // what a web server waits for: a request
                client.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                client.shutdownOutput();
                client.getInputStream().transferTo(OutputStream.nullOutputStream()); // until the client hangs up
            } catch (IOException e) {
                // the TCP probe sends nothing and hangs up, or the test closed the server
            }
        }
    }

    private static void send(String bootstrap, int count) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (int i : IntStream.rangeClosed(1, count).toArray()) {
                producer.send(new ProducerRecord<>(TutorialEnvironment.DEFAULT_TOPIC, "value-" + i))
                        .get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** The number of messages in first_topic: the sum of its partitions' end offsets. */
    private static long messagesIn(String bootstrap) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(props)) {
            var partitions = IntStream.range(0, TutorialEnvironment.DEFAULT_TOPIC_PARTITIONS).boxed()
                    .collect(java.util.stream.Collectors.toMap(
                            p -> new TopicPartition(TutorialEnvironment.DEFAULT_TOPIC, p), p -> OffsetSpec.latest()));
            return admin.listOffsets(partitions).all().get(30, TimeUnit.SECONDS).values().stream()
                    .mapToLong(info -> info.offset()).sum();
        }
    }

    private static boolean listening(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(hostPort.substring(0, colon),
                    Integer.parseInt(hostPort.substring(colon + 1))), 2_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A port where nothing listens, below the kernel's range for outgoing connections: a client retrying a port of
     * that range can connect to itself (its own local port), and the probe then met "something that accepts
     * connections but does not answer as Kafka" (seen in a loaded run).
     */
    private static int freePort() {
        return dev.learnkafka.broker.Ports.freePort();
    }
}
