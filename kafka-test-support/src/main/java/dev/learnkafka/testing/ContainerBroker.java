package dev.learnkafka.testing;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/** The {@code apache/kafka} image through Testcontainers, for machines with a Docker engine. */
final class ContainerBroker implements KafkaBroker, AutoCloseable {
    /** The pinned image; the POM passes it as {@code -Dkafka.image} so it follows {@code kafka.version}. */
    static final String IMAGE = System.getProperty("kafka.image", "apache/kafka:4.4.0");

    /** What the container path needs, for the line that says why it was skipped. */
    static final String NEEDS = "a Docker engine that answers (dockerd, Docker Desktop, or a compatible one such as "
            + "Podman's socket), found by Testcontainers through DOCKER_HOST or /var/run/docker.sock, that can pull "
            + IMAGE + "; a Docker CLI alone is not enough";

    private final KafkaContainer container;

    ContainerBroker() {
        this.container = new KafkaContainer(DockerImageName.parse(IMAGE));
        container.start();
    }

    /** True when a Docker engine answers (the client alone is not enough). */
    static boolean dockerAvailable() {
        if (!anyDockerConfigured()) {
            return false; // asking Testcontainers takes half a second and logs an ERROR per test JVM
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /**
     * Whether any Docker engine is set up where Testcontainers looks: DOCKER_HOST, its own properties file, or a
     * socket at a usual place (Linux, rootless, Docker Desktop, Colima). Where none is, none answers.
     */
    private static boolean anyDockerConfigured() {
        String home = System.getProperty("user.home");
        String runtime = System.getenv().getOrDefault("XDG_RUNTIME_DIR", "/run/user/0");
        return System.getenv("DOCKER_HOST") != null
                || java.util.stream.Stream.of("/var/run/docker.sock", runtime + "/docker.sock",
                        home + "/.testcontainers.properties", home + "/.docker/run/docker.sock",
                        home + "/.docker/desktop/docker.sock", home + "/.colima/default/docker.sock",
                        home + "/.rd/docker.sock")
                        .anyMatch(path -> java.nio.file.Files.exists(java.nio.file.Path.of(path)));
    }

    @Override
    public BrokerKind kind() {
        return BrokerKind.CONTAINER;
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public String describe() {
        return "a container of " + IMAGE + " at " + bootstrapServers();
    }

    @Override
    public void close() {
        container.stop();
    }
}
