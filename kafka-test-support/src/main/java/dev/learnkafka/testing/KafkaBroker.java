package dev.learnkafka.testing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.awaitility.Awaitility;

/** A running Kafka broker handed to a test: external, container or embedded, always real. */
public interface KafkaBroker {

    BrokerKind kind();

    /** The address clients connect to, e.g. {@code localhost:41235}. */
    String bootstrapServers();

    /** A short description for the log line that says which broker was chosen. */
    String describe();

    /** An Admin client for this broker; the caller closes it. */
    default Admin admin() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        return Admin.create(props);
    }

    /** Creates a topic and waits until it exists (replication factor 1). */
    default void createTopic(String name, int partitions) {
        createTopic(name, partitions, 1, Map.of());
    }

    default void createTopic(String name, int partitions, int replicationFactor, Map<String, String> configs) {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) replicationFactor).configs(configs)))
                    .all().get(30, TimeUnit.SECONDS);
            awaitLeaders(admin, name, partitions);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not create topic " + name + ": " + e.getCause(), e);
        } catch (TimeoutException e) {
            // what the JVM was doing meanwhile: the broker's threads, the test's, the clients'
            Thread.getAllStackTraces().forEach((thread, stack) -> {
                System.err.println("\"" + thread.getName() + "\" " + thread.getState());
                for (StackTraceElement frame : stack) {
                    System.err.println("    at " + frame);
                }
            });
            throw new IllegalStateException("Creating topic " + name + " took longer than 30 s (threads above)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topic " + name, e);
        }
    }

    /**
     * Waits until every partition has a leader. createTopics returns when the controller has the topic; a
     * producer that writes before the leader has loaded it gets NOT_LEADER_OR_FOLLOWER and must retry.
     */
    static void awaitLeaders(Admin admin, String topic, int partitions) {
        Awaitility.await("leaders for every partition of " + topic)
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .ignoreExceptions()
                .until(() -> {
                    TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                            .get(5, TimeUnit.SECONDS).get(topic);
                    return description.partitions().size() == partitions
                            && description.partitions().stream().allMatch(p -> p.leader() != null && !p.isr().isEmpty());
                });
    }

    /** A topic name no other test uses: {@code prefix-<uuid>}. Tests share a broker and isolate by topic. */
    static String uniqueTopic(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }
}
