package dev.learnkafka.run;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.internals.Topic;

/**
 * The environment every stage reads (the run contract): {@code KAFKA_BOOTSTRAP_SERVERS}, {@code KAFKA_TOPIC} and
 * {@code KAFKA_CLIENT_CONFIG}. When both the variable and the file's {@code bootstrap.servers} name brokers, the
 * variable wins (it is the one set for this run).
 *
 * @param bootstrapServers null when unset
 * @param bootstrapSource  where {@code bootstrapServers} came from, for the line that announces the broker
 */
public record TutorialEnvironment(String bootstrapServers, String topic, Path clientConfigFile,
                                  String bootstrapSource) {
    public static final String BOOTSTRAP_ENV = "KAFKA_BOOTSTRAP_SERVERS";
    public static final String TOPIC_ENV = "KAFKA_TOPIC";
    public static final String CLIENT_CONFIG_ENV = "KAFKA_CLIENT_CONFIG";
    public static final String DEFAULT_TOPIC = "first_topic";
    /** The blog's topic has 3 partitions (kafka-topics.sh --create --partitions 3 --replication-factor 1). */
    public static final int DEFAULT_TOPIC_PARTITIONS = 3;
    private static final String BOOTSTRAP = CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG;

    public static TutorialEnvironment fromSystem() {
        return of(System.getenv());
    }

    public static TutorialEnvironment of(Map<String, String> env) {
        String bootstrap = blankToNull(env.get(BOOTSTRAP_ENV));
        String topic = blankToNull(env.get(TOPIC_ENV));
        String config = blankToNull(env.get(CLIENT_CONFIG_ENV));
        return new TutorialEnvironment(bootstrap, topic == null ? DEFAULT_TOPIC : topic,
                config == null ? null : Path.of(config), BOOTSTRAP_ENV);
    }

    /**
     * Checks the whole environment before anything connects, settings as the producer would read them, and returns
     * the one to run with (the file's brokers when the variable is unset); {@code notes} gets a line per warning.
     */
    public TutorialEnvironment checked(Consumer<String> notes) {
        checkTopic(topic);
        if (bootstrapServers != null) {
            TutorialBroker.parse(bootstrapServers);
        }
        Properties file = readClientConfigFile();
        String where = CLIENT_CONFIG_ENV + "=" + clientConfigFile;
        String fileServers = file.getProperty(BOOTSTRAP);
        if (fileServers != null) {
            TutorialBroker.parse(fileServers, where + ": " + BOOTSTRAP + "=" + fileServers);
        }
        ClientConfigCheck.check(file, where).ifPresent(notes);
        if (fileServers == null || bootstrapServers != null) {
            if (fileServers != null && !fileServers.equals(bootstrapServers)) {
                notes.accept(BOOTSTRAP_ENV + "=" + bootstrapServers + " wins over " + BOOTSTRAP + "=" + fileServers
                        + " in " + where + ": the file's value is ignored.");
            }
            return this;
        }
        // no note here: the one line that announces the broker names this source (two lines would contradict)
        return new TutorialEnvironment(fileServers, topic, clientConfigFile,
                BOOTSTRAP + " in " + where + "; " + BOOTSTRAP_ENV + " is unset");
    }

    /**
     * The settings of {@code KAFKA_CLIENT_CONFIG}, values trimmed, without {@code bootstrap.servers}: the brokers
     * are {@link #bootstrapServers()}, so the file cannot quietly send the producer elsewhere.
     */
    public Properties clientConfig() {
        Properties props = readClientConfigFile();
        props.remove(BOOTSTRAP);
        return props;
    }

    private Properties readClientConfigFile() {
        Properties props = new Properties();
        if (clientConfigFile == null) {
            return props;
        }
        String where = CLIENT_CONFIG_ENV + "=" + clientConfigFile;
        if (!Files.isRegularFile(clientConfigFile) || !Files.isReadable(clientConfigFile)) {
            throw new UsageException(where + ": no readable file there.");
        }
        try {
            byte[] bytes = Files.readAllBytes(clientConfigFile);
            if (new String(bytes, StandardCharsets.ISO_8859_1).indexOf(0) >= 0) { // a NUL byte: e.g. a keystore
                throw new UsageException(where + " is not a text .properties file (it holds binary data).");
            }
            // unlike new String(bytes, UTF_8), a decoder reports bytes that are not UTF-8 instead of replacing them
            String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
            props.load(new StringReader(text.startsWith("\uFEFF") ? text.substring(1) : text));
        } catch (CharacterCodingException e) {
            throw new UsageException(where + " is not a text .properties file (it is not UTF-8 text).");
        } catch (IOException | IllegalArgumentException e) {
            throw new UsageException(where + " is not a .properties file: " + e.getMessage());
        }
        // Properties keeps trailing blanks; this run contract reads values too, and "40000 " must mean 40000
        props.replaceAll((key, value) -> value.toString().trim());
        return props;
    }

    private static void checkTopic(String topic) {
        try {
            Topic.validate(topic);
        } catch (InvalidTopicException e) {
            boolean tooLong = topic.length() > 60;
            String shown = tooLong ? topic.substring(0, 40) + "..." : topic;
            String why = e.getMessage().replace("Topic name is invalid: ", "").replace(topic, shown);
            throw new UsageException(TOPIC_ENV + "='" + shown + "'" + (tooLong ? " (" + topic.length()
                    + " characters)" : "") + " is not a topic name: " + why + " (a topic name is 1 to 249 of the "
                    + "characters a-z A-Z 0-9 . _ -, and not . or ..).");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
