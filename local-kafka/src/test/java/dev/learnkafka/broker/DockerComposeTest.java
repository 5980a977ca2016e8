package dev.learnkafka.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.kafka.common.utils.internals.AppInfoParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml can't be started here (no Docker engine), so this checks what would silently go stale: the image
 * tag against the Kafka on the classpath, the published port, and the topic the tutorial needs. Parsed line by line,
 * which is enough for this one file and needs no YAML library.
 */
class DockerComposeTest {
    private static final Pattern IMAGE = Pattern.compile("^\\s*image:\\s*[\"']?([^\"'\\s]+)[\"']?\\s*$");

    private static List<String> lines;

    @BeforeAll
    static void readComposeFile() throws IOException {
        Path file = Stream.of(System.getProperty("project.root"), "..")
                .filter(dir -> dir != null && !dir.isBlank())
                .map(dir -> Path.of(dir, "docker-compose.yml"))
                .filter(Files::isRegularFile)
                .findFirst()
                .orElseThrow(() -> new AssertionError("docker-compose.yml not found in project.root ("
                        + System.getProperty("project.root") + ") nor in .."));
        lines = Files.readAllLines(file);
    }

    @Test
    void shouldUseTheImageOfTheKafkaVersionOnTheClasspath() {
        List<String> images = new ArrayList<>();
        for (String line : lines) {
            Matcher m = IMAGE.matcher(line);
            if (m.matches()) {
                images.add(m.group(1));
            }
        }

        String expected = "apache/kafka:" + AppInfoParser.getVersion();
        assertThat(images).isNotEmpty().containsOnly(expected);
        String pomImage = System.getProperty("kafka.image");
        if (pomImage != null) {
            assertThat(pomImage).as("kafka.image in the parent POM").isEqualTo(expected);
        }
    }

    @Test
    void shouldPublishPort9092AndAdvertiseLocalhost() {
        List<String> kafka = service("kafka");

        assertThat(kafka).anySatisfy(line -> assertThat(line.trim()).matches("-\\s*[\"']?9092:9092[\"']?"));
        assertThat(kafka).anySatisfy(line -> assertThat(line).contains("KAFKA_ADVERTISED_LISTENERS")
                .contains("//localhost:9092"));
        assertThat(kafka).anySatisfy(line -> assertThat(line).contains("healthcheck:"));
    }

    @Test
    void shouldCreateFirstTopicWithThreePartitionsOnceKafkaIsHealthy() {
        String createTopic = String.join("\n", service("create-topic"));

        assertThat(createTopic)
                .contains("condition: service_healthy", "/opt/kafka/bin/kafka-topics.sh", "--create", "first_topic")
                .containsPattern("--partitions\\s*\\n?\\s*-?\\s*\"?3\"?")
                .containsPattern("--replication-factor\\s*\\n?\\s*-?\\s*\"?1\"?");
    }

    /** The lines of one service: from "  name:" to the next line indented as little. */
    private static List<String> service(String name) {
        List<String> block = new ArrayList<>();
        int indent = -1;
        for (String line : lines) {
            int lineIndent = line.length() - line.stripLeading().length();
            if (indent < 0) {
                if (line.stripTrailing().equals(" ".repeat(lineIndent) + name + ":") && lineIndent > 0) {
                    indent = lineIndent;
                }
            } else if (!line.isBlank() && !line.trim().startsWith("#") && lineIndent <= indent) {
                break;
            } else {
                block.add(line);
            }
        }
        assertThat(block).as("service %s in docker-compose.yml", name).isNotEmpty();
        return block;
    }
}
