package dev.learnkafka.producer.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.learnkafka.broker.LocalKafka;
import dev.learnkafka.run.ExitCode;
import dev.learnkafka.testing.KafkaBroker;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault 6: a broker that wants SASL/PLAIN credentials. A wrong password is fatal, not retried for ever. One broker
 * serves the class: an authorizer, alice may write the topics of the authentication test and no other; the
 * brokers' own (PLAINTEXT, anonymous) connections are super users. The stage's runs go in this JVM.
 */
@Tag("broker")
class SecurityTest {
    private static LocalKafka kafka;

    @BeforeAll
    static void startTheSecuredBroker() {
        kafka = LocalKafka.builder().saslPlainUser("alice", "alice-secret")
                .brokerConfig("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                .brokerConfig("super.users", "User:ANONYMOUS")
                .build().start();
    }

    @AfterAll
    static void stopTheSecuredBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldReportAFatalAuthenticationErrorForAWrongPasswordAndDeliverWithTheRightOne(@TempDir Path dir)
            throws Exception {
        String topic = KafkaBroker.uniqueTopic("secured");
        kafka.createTopic(topic, 3, 1);
        allowAliceToWrite(topic);
        String sasl = kafka.saslBootstrapServers();

        // the monitor on its own: a fatal event within 10 s
        var events = new Clients.Events();
        var outcomes = new Clients.Outcomes();
        try (Producer<String, String> producer = new KafkaProducer<>(Clients.producerProps(sasl,
                Map.copyOf(saslConfig("alice", "wrong"))));
             ErrorMonitor monitor = events.listenTo(new ErrorMonitor(producer, sasl, Duration.ofSeconds(5)))
                     .start(Duration.ofMillis(50))) {
            outcomes.send(producer, monitor, topic, 1, 3);
            await().atMost(Duration.ofSeconds(10)).until(() -> events.kinds().contains(ErrorKind.AUTHENTICATION));
            assertThat(monitor.fatalErrorSeen()).isTrue();
        }
        ErrorEvent event = events.first(ErrorKind.AUTHENTICATION);
        assertThat(event.fatal()).isTrue();
        assertThat(event.retriable()).isFalse();
        assertThat(event.message()).contains(sasl);
        assertThat(events.kinds().stream().filter(k -> k == ErrorKind.AUTHENTICATION).count()).isEqualTo(1);
        assertThat(outcomes.failed).hasSize(3);
        assertThat(outcomes.errors.values()).allSatisfy(e -> assertThat(e)
                .isInstanceOf(SaslAuthenticationException.class));

        // the stage as a reader runs it, credentials in KAFKA_CLIENT_CONFIG
        var wrong = Stage03.inJvm(Map.of("KAFKA_BOOTSTRAP_SERVERS", sasl, "KAFKA_TOPIC", topic,
                "KAFKA_CLIENT_CONFIG", write(dir, "wrong.properties", "alice", "wrong")));
        assertThat(wrong.exitCode()).as(wrong.output()).isEqualTo(ExitCode.FAILED);
        // not retried: the run ends before max.block.ms (15 s, the wait a retried login would end in), timed by
        // the run's own lines, from its first (the broker it uses) to the summary
        assertThat(between(wrong.stdout(), "", "Delivered 0"))
                .isLessThan(Duration.ofSeconds(15));
        assertThat(wrong.stdout()).contains("Fatal error AUTHENTICATION (fatal): Authentication failed at " + sasl)
                .contains("Delivered 0");
        assertThat(wrong.output()).doesNotContain("\tat ");

        var right = Stage03.inJvm(Map.of("KAFKA_BOOTSTRAP_SERVERS", sasl, "KAFKA_TOPIC", topic,
                "KAFKA_CLIENT_CONFIG", write(dir, "right.properties", "alice", "alice-secret")));
        assertThat(right.exitCode()).as(right.output()).isZero();
        assertThat(right.stdout()).contains("Delivered 5 of 5 messages.").doesNotContain("Error ");
    }

    @Test
    void shouldReportAFatalAuthorizationErrorWhenTheUserMayNotWriteTheTopic(@TempDir Path dir) throws Exception {
        String topic = KafkaBroker.uniqueTopic("forbidden"); // no ACL for alice on this one
        kafka.createTopic(topic, 3, 1);
        String sasl = kafka.saslBootstrapServers();

        var run = Stage03.inJvm(Map.of("KAFKA_BOOTSTRAP_SERVERS", sasl, "KAFKA_TOPIC", topic,
                "KAFKA_CLIENT_CONFIG", write(dir, "alice.properties", "alice", "alice-secret")));

        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.FAILED);
        assertThat(run.stdout()).contains("Fatal error AUTHORIZATION (fatal): Not authorised")
                .contains(topic).contains("Delivered 0");
        // the stage's own lines carry no stack trace (the client itself logs one while closing, see the page)
        assertThat(run.stderr()).isEmpty();
    }

    /** WRITE (DESCRIBE comes with it) on the topic for alice; returns once the broker's authorizer holds it. */
    private static void allowAliceToWrite(String topic) throws Exception {
        var binding = new AclBinding(new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL),
                new AccessControlEntry("User:alice", "*", AclOperation.WRITE, AclPermissionType.ALLOW));
        try (Admin admin = kafka.admin()) {
            admin.createAcls(List.of(binding)).all().get(30, TimeUnit.SECONDS);
            await("the ACL in the broker's authorizer").atMost(Duration.ofSeconds(30))
                    .until(() -> admin.describeAcls(binding.toFilter()).values().get(10, TimeUnit.SECONDS)
                            .contains(binding));
        }
    }

    /** The time between the first line containing {@code from} and the first containing {@code to} (HH:mm:ss.SSS). */
    private static Duration between(String stdout, String from, String to) {
        Duration d = Duration.between(timeOf(stdout, from), timeOf(stdout, to));
        return d.isNegative() ? d.plusDays(1) : d; // the run crossed midnight
    }

    private static LocalTime timeOf(String stdout, String text) {
        String line = stdout.lines().filter(l -> l.contains(text)).findFirst()
                .orElseThrow(() -> new AssertionError("no line with '" + text + "' in:\n" + stdout));
        return LocalTime.parse(line.substring(0, 12));
    }

    private static Map<String, String> saslConfig(String user, String password) {
        return Map.of(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT",
                SaslConfigs.SASL_MECHANISM, "PLAIN",
                SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.plain.PlainLoginModule required "
                        + "username=\"" + user + "\" password=\"" + password + "\";");
    }

    private static String write(Path dir, String name, String user, String password) throws Exception {
        StringBuilder text = new StringBuilder();
        saslConfig(user, password).forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        return Files.writeString(dir.resolve(name), text.toString()).toString();
    }
}
