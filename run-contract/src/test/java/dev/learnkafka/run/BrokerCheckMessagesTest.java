package dev.learnkafka.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import javax.net.ssl.SSLHandshakeException;

import org.apache.kafka.common.errors.SslAuthenticationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a failed TLS handshake means, in one line, from the messages Java's TLS gives (the runs that produce them
 * against a real TLS broker are in 01-high-level-producer's YourOwnClusterRecipeTest).
 */
class BrokerCheckMessagesTest {
    private static final TutorialEnvironment ENV = TutorialEnvironment.of(Map.of(
            "KAFKA_BOOTSTRAP_SERVERS", "broker.example.com:9093", "KAFKA_CLIENT_CONFIG", "client.properties"));

    @Test
    void shouldNameTheTruststoreWhenTheCaIsUnknown() {
        String line = message("PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: "
                + "unable to find valid certification path to requested target");

        assertThat(line).startsWith("The TLS handshake with the broker at broker.example.com:9093 failed: ")
                .contains("not signed by a CA this client trusts", "ssl.truststore.location",
                        "KAFKA_CLIENT_CONFIG=client.properties")
                .doesNotContain("PKIX", "\n");
    }

    @Test
    void shouldNameTheHostNameWhenTheCertificateIsForAnother() {
        String line = message("No subject alternative DNS name matching broker.example.com found.");

        assertThat(line).contains("not made out to the host name",
                "(No subject alternative DNS name matching broker.example.com found)").doesNotContain("..");
    }

    @Test
    void shouldSuspectThePortWhenItDoesNotSpeakTls() {
        assertThat(message("Unsupported or unrecognized SSL message")).contains("does not seem to speak TLS",
                "security.protocol");
    }

    @Test
    void shouldPassAnyOtherReasonOnWithTheSettingsToCheck() {
        assertThat(message("Received fatal alert: protocol_version")).endsWith(
                "failed: Received fatal alert: protocol_version. Check the ssl.* settings in "
                        + "KAFKA_CLIENT_CONFIG=client.properties.");
    }

    @Test
    void shouldCallAMissingTruststoreBadConfigurationNamingTheSetting(@TempDir Path dir) throws Exception {
        Properties config = new Properties();
        config.setProperty("ssl.truststore.location", dir.resolve("nope.pem").toString());

        assertThatThrownBy(() -> BrokerCheck.storeFiles(ENV, config))
                .isInstanceOf(UsageException.class)
                .hasMessage("KAFKA_CLIENT_CONFIG=client.properties: ssl.truststore.location=" + dir.resolve("nope.pem")
                        + ": no readable file there.");

        Files.writeString(dir.resolve("nope.pem"), "a file");
        BrokerCheck.storeFiles(ENV, config); // there now: no complaint
    }

    private static String message(String javaSays) {
        var e = new SslAuthenticationException("SSL handshake failed", new SSLHandshakeException(javaSays));
        return BrokerCheck.tlsFailed("broker.example.com:9093", ENV, e).getMessage();
    }

    @Test
    void shouldQuoteTheFirstLineOfAnAnswerThatIsNotKafkas() throws Exception {
        byte[] webServersAnswer = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        assertThat(answerTo(webServersAnswer))
                .isEqualTo("its answer begins \"HTTP/1.1 400 Bad Request\"");
    }

    @Test
    void shouldSayTlsWhenTheAnswerIsATlsAlert() throws Exception {
        // what a TLS listener answers to bytes that are not a TLS hello: an alert record (0x15, version 3.3)
        assertThat(answerTo(new byte[] {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x32}))
                .isEqualTo("its answer begins with a TLS record: that listener speaks TLS");
    }

    @Test
    void shouldTakeAnAnswerWithASmallSizeAndTheRequestsCorrelationIdForKafkas() throws Exception {
        // the first 8 bytes of a broker's answer: its size, then the correlation id the request carried
        var head = java.nio.ByteBuffer.allocate(8).putInt(0, 300).putInt(4, 0x4C4B4A31);
        assertThat(answerTo(head.array())).isNull();
    }

    /** What the check makes of a listener that answers any request with {@code answer}. */
    private static String answerTo(byte[] answer) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread listener = new Thread(() -> {
                try (Socket client = server.accept()) {
                    client.getInputStream().read(new byte[64]);
                    client.getOutputStream().write(answer);
                    client.shutdownOutput();
                    client.getInputStream().transferTo(OutputStream.nullOutputStream()); // until the check hangs up
                } catch (IOException e) {
                    // the check hung up
                }
            }, "listener");
            listener.setDaemon(true);
            listener.start();
            return BrokerCheck.plainAnswer(InetSocketAddress.createUnresolved("localhost", server.getLocalPort()),
                    Duration.ofSeconds(5));
        }
    }
}
