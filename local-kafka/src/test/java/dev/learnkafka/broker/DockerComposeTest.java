package dev.learnkafka.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.kafka.common.utils.internals.AppInfoParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker-compose.yml can't be started here (no Docker engine), so this checks what would silently go stale: the image
 * tag against the Kafka on the classpath, the published port, and the topic the tutorial needs. Parsed line by line,
 * which is enough for this one file and needs no YAML library; and, where one is installed, by a real compose
 * implementation ({@code docker compose config} needs no engine), which would refuse what the line reading misses.
 */
class DockerComposeTest {
    private static final Pattern IMAGE = Pattern.compile("^\\s*image:\\s*[\"']?([^\"'\\s]+)[\"']?\\s*$");

    private static final Duration COMPOSE_TIMEOUT = Duration.ofSeconds(30);
    static final String COMPOSE_NEEDED = "needs a compose implementation on the PATH: `docker compose` (the Docker CLI's "
            + "compose plugin) or `docker-compose` (e.g. Debian's docker-compose package); `config` needs no Docker "
            + "engine. None here: skipped.";

    private static List<String> lines;
    private static Path file;

    @BeforeAll
    static void readComposeFile() throws IOException {
        Path file = Stream.of(System.getProperty("project.root"), "..")
                .filter(dir -> dir != null && !dir.isBlank())
                .map(dir -> Path.of(dir, "docker-compose.yml"))
                .filter(Files::isRegularFile)
                .findFirst()
                .orElseThrow(() -> new AssertionError("docker-compose.yml not found in project.root ("
                        + System.getProperty("project.root") + ") nor in .."));
        DockerComposeTest.file = file.toAbsolutePath();
        lines = Files.readAllLines(file);
    }

    @Test
    void shouldBeAValidComposeFileForARealComposeImplementation() throws Exception {
        List<String> compose = composeCommand();
        assumeTrue(compose != null, COMPOSE_NEEDED);

        Result config = run(compose, "-f", file.toString(), "config");

        assertThat(config.code()).as(config.output()).isZero();
        assertThat(config.output()).containsPattern("(?m)^  kafka:$").containsPattern("(?m)^  create-topic:$");
        // the file as compose understands it, normalised (compose v1 and v2 write ports slightly differently)
        assertThat(config.output())
                .contains("image: apache/kafka:" + AppInfoParser.getVersion(), "condition: service_healthy",
                        "KAFKA_ADVERTISED_LISTENERS: PLAINTEXT://kafka:19092,PLAINTEXT_HOST://localhost:9092")
                .containsPattern("target: 9092")
                .containsPattern("published: \"?9092\"?");
    }

    @Test
    void shouldBeRefusedByTheComposeImplementationWhenBroken(@TempDir Path tmp) throws Exception {
        List<String> compose = composeCommand();
        assumeTrue(compose != null, COMPOSE_NEEDED);
        // what the line reading above would not notice: create-topic waits for a service that does not exist
        String text = String.join("\n", lines).replaceFirst("(?m)^      kafka:$", "      kafkaa:");
        assertThat(text).contains("kafkaa:");
        Path broken = Files.writeString(tmp.resolve("docker-compose.yml"), text);

        Result config = run(compose, "-f", broken.toString(), "config");

        assertThat(config.code()).as(config.output()).isNotZero();
        assertThat(config.output()).contains("kafkaa");
    }

    /** {@code docker compose} (v2) when the Docker CLI has the plugin, else {@code docker-compose}, else null. */
    static synchronized List<String> composeCommand() throws InterruptedException {
        if (!composeProbed) {
            compose = probeCompose();
            composeProbed = true;
        }
        return compose;
    }

    private static List<String> compose;
    private static boolean composeProbed;

    private static List<String> probeCompose() throws InterruptedException {
        for (List<String> candidate : List.of(List.of("docker", "compose"), List.of("docker-compose"))) {
            try {
                if (run(candidate, "version").code() == 0) {
                    return candidate;
                }
            } catch (IOException e) {
                // not on the PATH
            }
        }
        return null;
    }

    record Result(int code, String output) {
    }

    private static Result run(List<String> compose, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(compose);
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        // read while it runs: a full pipe would block it
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
        if (!process.waitFor(COMPOSE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(String.join(" ", command) + " did not end within " + COMPOSE_TIMEOUT);
        }
        try {
            return new Result(process.exitValue(), output.get(10, TimeUnit.SECONDS));
        } catch (ExecutionException | TimeoutException e) {
            return new Result(process.exitValue(), "");
        }
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
