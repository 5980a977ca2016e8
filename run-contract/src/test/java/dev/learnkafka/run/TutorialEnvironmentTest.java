package dev.learnkafka.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Pure checks of the environment and the KAFKA_CLIENT_CONFIG file: no broker, nothing connects. */
class TutorialEnvironmentTest {
    @TempDir
    Path dir;
    private final List<String> notes = new ArrayList<>();

    private TutorialEnvironment env(String bootstrap, String topic, Path config) {
        Map<String, String> vars = new HashMap<>();
        if (bootstrap != null) {
            vars.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        }
        if (topic != null) {
            vars.put("KAFKA_TOPIC", topic);
        }
        if (config != null) {
            vars.put("KAFKA_CLIENT_CONFIG", config.toString());
        }
        return TutorialEnvironment.of(vars);
    }

    private Path file(String text) throws IOException {
        return Files.writeString(dir.resolve("client.properties"), text);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "acks=maybe              | acks=maybe: String must be one of: all, -1, 0, 1.",
        "linger.ms=-3            | linger.ms=-3: Value must be at least 0.",
        "max.block.ms=abc        | max.block.ms=abc: Not a number of type LONG.",
        "value.serializer=com.example.NoSuchSerializer | value.serializer=com.example.NoSuchSerializer: Class "
                + "com.example.NoSuchSerializer could not be found.",
    })
    void shouldNameTheFileTheSettingAndTheReasonForAValueTheProducerRejects(String line, String expected)
            throws Exception {
        Path config = file("client.id=me\n" + line + "\n");

        assertThatThrownBy(() -> env("localhost:9092", null, config).checked(notes::add))
                .isInstanceOf(UsageException.class)
                .hasMessage("KAFKA_CLIENT_CONFIG=" + config + ": " + expected);
    }

    @Test
    void shouldNeverShowASecretsValueInTheMessage() throws Exception {
        Path bad = file("sasl.jaas.config=hunter2\nbuffer.memory=x\n");
        assertThatThrownBy(() -> env("localhost:9092", null, bad).checked(notes::add))
                .isInstanceOf(UsageException.class).hasMessageContaining("buffer.memory=x")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void shouldTrimTheBlanksAtTheEndOfAValue() throws Exception {
        Path config = file("delivery.timeout.ms=40000 \nacks=all\t\n");

        var checked = env("localhost:9092", null, config).checked(notes::add);

        assertThat(checked.clientConfig()).containsEntry("delivery.timeout.ms", "40000").containsEntry("acks", "all");
        assertThat(ClientConfigCheck.longInForce(checked.clientConfig(), "delivery.timeout.ms")).isEqualTo(40_000);
        assertThat(notes).isEmpty();
    }

    @Test
    void shouldWarnInOneLineAboutSettingsTheProducerDoesNotKnow() throws Exception {
        Path config = file("lingr.ms=5\nacks=all\nwhatever.this.is=1\n");

        env("localhost:9092", null, config).checked(notes::add);

        assertThat(notes).singleElement().asString().isEqualTo("KAFKA_CLIENT_CONFIG=" + config + ": the producer "
                + "ignores lingr.ms (did you mean linger.ms?), whatever.this.is: not producer settings.");
    }

    @Test
    void shouldLetKafkaBootstrapServersWinOverTheFilesBootstrapServersAndSaySo() throws Exception {
        Path config = file("bootstrap.servers=file-host:9092\n");

        var checked = env("env-host:9092", null, config).checked(notes::add);

        assertThat(checked.bootstrapServers()).isEqualTo("env-host:9092");
        assertThat(checked.clientConfig()).doesNotContainKey("bootstrap.servers");
        assertThat(notes).containsExactly("KAFKA_BOOTSTRAP_SERVERS=env-host:9092 wins over bootstrap.servers="
                + "file-host:9092 in KAFKA_CLIENT_CONFIG=" + config + ": the file's value is ignored.");
    }

    @Test
    void shouldUseTheFilesBootstrapServersWhenTheVariableIsUnset() throws Exception {
        Path config = file("bootstrap.servers=file-host:9092,other:9093\n");

        var checked = env(null, null, config).checked(notes::add);

        assertThat(checked.bootstrapServers()).isEqualTo("file-host:9092,other:9093");
        assertThat(checked.clientConfig()).doesNotContainKey("bootstrap.servers");
        // no note of its own: the broker's announce line names this source, once
        assertThat(notes).isEmpty();
        assertThat(checked.bootstrapSource()).isEqualTo("bootstrap.servers in KAFKA_CLIENT_CONFIG=" + config
                + "; KAFKA_BOOTSTRAP_SERVERS is unset");
    }

    @Test
    void shouldRejectABrokerListThatIsNotHostAndPort() throws Exception {
        for (String servers : List.of(",", "localhost:9092,", "localhost", "localhost:", "localhost:http",
                "localhost:70000")) {
            assertThatThrownBy(() -> env(servers, null, null).checked(notes::add)).as(servers)
                    .isInstanceOf(UsageException.class)
                    .hasMessageStartingWith("KAFKA_BOOTSTRAP_SERVERS=" + servers)
                    .message().containsAnyOf("is not a list of host:port", "is not a port number");
        }
        assertThat(env("localhost:9092, [::1]:9093", null, null).checked(notes::add).bootstrapServers())
                .isEqualTo("localhost:9092, [::1]:9093");
        Path config = file("bootstrap.servers=,\n");
        assertThatThrownBy(() -> env(null, null, config).checked(notes::add))
                .hasMessage("KAFKA_CLIENT_CONFIG=" + config + ": bootstrap.servers=, is not a list of host:port, "
                        + "e.g. localhost:9092.");
    }

    @Test
    void shouldRejectATopicNameKafkaRejectsNamingTheVariableAndTheRule() {
        assertThatThrownBy(() -> env("localhost:9092", "bad topic!", null).checked(notes::add))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("KAFKA_TOPIC='bad topic!' is not a topic name: ")
                .hasMessageContaining("a topic name is 1 to 249 of the characters a-z A-Z 0-9 . _ -");
        assertThatThrownBy(() -> env("localhost:9092", "..", null).checked(notes::add))
                .hasMessageStartingWith("KAFKA_TOPIC='..' is not a topic name");
        String long300 = "t".repeat(300);
        assertThatThrownBy(() -> env("localhost:9092", long300, null).checked(notes::add))
                .hasMessageStartingWith("KAFKA_TOPIC='" + "t".repeat(40) + "...' (300 characters) is not a topic name")
                .hasMessageContaining("249")
                .hasMessageNotContaining(long300);
        assertThat(env("localhost:9092", "orders.v1_eu-west", null).checked(notes::add).topic())
                .isEqualTo("orders.v1_eu-west");
    }

    @Test
    void shouldSayABinaryFileIsNotATextPropertiesFile() throws Exception {
        Path binary = Files.write(dir.resolve("client.jks"), new byte[] {(byte) 0xfe, (byte) 0xed, 0, 2, 'a', '='});
        assertThatThrownBy(() -> env("localhost:9092", null, binary).checked(notes::add))
                .isInstanceOf(UsageException.class)
                .hasMessage("KAFKA_CLIENT_CONFIG=" + binary
                        + " is not a text .properties file (it holds binary data).");
        Path latin1 = Files.write(dir.resolve("latin1.properties"), new byte[] {'a', '=', (byte) 0xe9});
        assertThatThrownBy(() -> env("localhost:9092", null, latin1).checked(notes::add))
                .hasMessage("KAFKA_CLIENT_CONFIG=" + latin1
                        + " is not a text .properties file (it is not UTF-8 text).");
    }

    @Test
    void shouldSayAMissingFileOrADirectoryIsNoReadableFile() {
        Path missing = dir.resolve("missing.properties");
        assertThatThrownBy(() -> env("localhost:9092", null, missing).checked(notes::add))
                .hasMessage("KAFKA_CLIENT_CONFIG=" + missing + ": no readable file there.");
        assertThatThrownBy(() -> env("localhost:9092", null, dir).checked(notes::add))
                .hasMessage("KAFKA_CLIENT_CONFIG=" + dir + ": no readable file there.");
    }

    @Test
    void shouldReadAValueInForceAsTheProducerDoesOrItsDefault() {
        var props = new java.util.Properties();
        props.put("linger.ms", " 7 ");
        props.put("delivery.timeout.ms", 30_000);
        assertThat(ClientConfigCheck.longInForce(props, "linger.ms")).isEqualTo(7);
        assertThat(ClientConfigCheck.longInForce(props, "delivery.timeout.ms")).isEqualTo(30_000);
        assertThat(ClientConfigCheck.longInForce(props, "request.timeout.ms")).isEqualTo(30_000);
    }
}
