package dev.learnkafka.run;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * The environment every stage reads (the run contract):
 * {@code KAFKA_BOOTSTRAP_SERVERS}, {@code KAFKA_TOPIC} and {@code KAFKA_CLIENT_CONFIG}.
 *
 * @param bootstrapServers the brokers named by the environment, or null when unset
 * @param topic            the topic to write to
 * @param clientConfigFile a .properties file merged into the client config, or null
 */
public record TutorialEnvironment(String bootstrapServers, String topic, Path clientConfigFile) {
    public static final String BOOTSTRAP_ENV = "KAFKA_BOOTSTRAP_SERVERS";
    public static final String TOPIC_ENV = "KAFKA_TOPIC";
    public static final String CLIENT_CONFIG_ENV = "KAFKA_CLIENT_CONFIG";
    public static final String DEFAULT_TOPIC = "first_topic";
    /** The blog's topic has 3 partitions (kafka-topics.sh --create --partitions 3 --replication-factor 1). */
    public static final int DEFAULT_TOPIC_PARTITIONS = 3;

    public static TutorialEnvironment fromSystem() {
        return of(System.getenv());
    }

    public static TutorialEnvironment of(Map<String, String> env) {
        String bootstrap = blankToNull(env.get(BOOTSTRAP_ENV));
        String topic = blankToNull(env.get(TOPIC_ENV));
        String config = blankToNull(env.get(CLIENT_CONFIG_ENV));
        return new TutorialEnvironment(bootstrap, topic == null ? DEFAULT_TOPIC : topic,
                config == null ? null : Path.of(config));
    }

    /** The same environment with another bootstrap address (the one actually used). */
    public TutorialEnvironment withBootstrapServers(String servers) {
        return new TutorialEnvironment(servers, topic, clientConfigFile);
    }

    /** The settings of {@code KAFKA_CLIENT_CONFIG}, or none; a missing or unreadable file is a usage error. */
    public Properties clientConfig() {
        Properties props = new Properties();
        if (clientConfigFile == null) {
            return props;
        }
        if (!Files.isReadable(clientConfigFile)) {
            throw new UsageException(CLIENT_CONFIG_ENV + "=" + clientConfigFile + ": no readable file there.");
        }
        try (Reader reader = Files.newBufferedReader(clientConfigFile)) {
            props.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new UsageException(CLIENT_CONFIG_ENV + "=" + clientConfigFile + " is not a .properties file: "
                    + e.getMessage());
        }
        return props;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
