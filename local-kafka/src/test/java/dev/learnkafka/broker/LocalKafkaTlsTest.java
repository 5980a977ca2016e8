package dev.learnkafka.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The SASL_SSL listener: what a company's or a managed cluster offers, served with certificates made at start. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@Tag("broker")
class LocalKafkaTlsTest {

    @Test
    void shouldServeClientsOverTlsWithTheClientPropertiesItWroteAlsoAfterARestart(@TempDir Path tls) throws Exception {
        try (LocalKafka kafka = LocalKafka.builder().saslSslPlainUser("tutorial", "tutorial-secret")
                .tlsDirectory(tls).build().start()) {
            String topic = "tls-" + UUID.randomUUID();
            kafka.createTopic(topic, 3, 1);
            Properties client = load(kafka.tlsClientProperties());

            assertThat(kafka.tlsClientProperties()).isEqualTo(tls.resolve("client.properties"));
            assertThat(client).containsEntry("bootstrap.servers", kafka.saslSslBootstrapServers())
                    .containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("sasl.mechanism", "PLAIN")
                    .containsEntry("ssl.truststore.type", "PEM")
                    .containsEntry("ssl.truststore.location", tls.resolve("ca.pem").toString());
            assertThat(kafka.saslSslBootstrapServers()).isNotEqualTo(kafka.bootstrapServers());
            // the CA signed the broker's certificate and is gone: no other certificate can be made with it
            assertThat(tls.resolve("ca.pem")).isRegularFile();
            try (var files = Files.list(tls)) {
                assertThat(files.map(p -> p.getFileName().toString()))
                        .containsExactlyInAnyOrder("ca.pem", "broker.p12", "client.properties", DataDirectory.LOCK_FILE);
            }
            // the broker's private key and the client's password: for their owner's eyes only
            if (tls.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                for (String secret : List.of("broker.p12", "client.properties")) {
                    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tls.resolve(secret))))
                            .as(secret).isEqualTo("rw-------");
                }
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                        kafka.dataDirectory().resolve("node-1/server.properties")))).as("server.properties")
                        .isEqualTo("rw-------");
            }

            // the client checks the certificate against ca.pem and the host name (Kafka's default, https)
            Clients.produce(client, topic, "over-tls-1");
            // a second cluster cannot take these files: it would replace the CA that this broker's clients trust
            assertThatThrownBy(() -> LocalKafka.builder().saslSslPlainUser("tutorial", "tutorial-secret")
                    .tlsDirectory(tls).build().close())
                    .isInstanceOf(LocalKafkaException.class)
                    .hasMessage("The TLS directory " + tls + " is in use by another Kafka: stop that one first, or "
                            + "choose another TLS directory.");
            kafka.restart();
            Clients.produce(client, topic, "over-tls-2");

            assertThat(Clients.consume(client, topic, 2)).containsExactlyInAnyOrder("over-tls-1", "over-tls-2");
            // the plain-text listener still serves the tutorial's other tools
            assertThat(Clients.consume(kafka.bootstrapServers(), topic, 2)).hasSize(2);
        }
    }

    private static Properties load(Path file) throws Exception {
        Properties p = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            p.load(reader);
        }
        return p;
    }
}
