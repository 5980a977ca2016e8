package dev.learnkafka.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.errors.KafkaStorageException;

/**
 * Asks the brokers why messages timed out while they still answered. A broker whose disk is full answers each
 * write with KAFKA_STORAGE_ERROR, retriable, so the client retries until the batch expires with a plain
 * TimeoutException, no cause attached (kafka-clients 4.4, Sender.failExpiredBatches); the brokers' describeLogDirs
 * shows the offline log directory and the bytes its disk has left.
 */
final class BrokerCause {
    /** The question is asked at the end of a failed run, so it must be short. */
    private static final int TIMEOUT_MS = 2_500;
    /** Less free space than this on a log directory's disk is as good as full: a segment needs room. */
    private static final long NEARLY_FULL_BYTES = 1024 * 1024;

    /** A sentence naming a broker-side cause, or null; {@code props} is a copy of the run's client settings. */
    static String find(Properties props, String bootstrapServers) {
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "run-contract-why");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MS / 2);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_MS);
        props.put(AdminClientConfig.METADATA_RECOVERY_STRATEGY_CONFIG, "none");
        try (Admin admin = Admin.create(props)) {
            List<Integer> brokers = admin.describeCluster().nodes().get(TIMEOUT_MS, TimeUnit.MILLISECONDS).stream()
                    .map(Node::id).toList();
            return describe(admin.describeLogDirs(brokers).allDescriptions().get(TIMEOUT_MS, TimeUnit.MILLISECONDS));
        } catch (Exception e) {
            return null; // no answer in time, not allowed to ask, ...: no cause to name
        }
    }

    static String describe(Map<Integer, Map<String, LogDirDescription>> dirs) {
        List<String> offline = new ArrayList<>();
        List<String> full = new ArrayList<>(); // offline or not
        dirs.forEach((broker, brokersDirs) -> brokersDirs.forEach((path, dir) -> {
            OptionalLong usable = dir.usableBytes();
            String where = "log directory " + path + " of broker " + broker
                    + (usable.isPresent() ? " (" + usable.getAsLong() + " bytes free)" : "");
            if (dir.error() != null) {
                offline.add(where);
            }
            if (usable.isPresent() && usable.getAsLong() < NEARLY_FULL_BYTES) {
                full.add(where);
            }
        }));
        if (!offline.isEmpty()) {
            return "the broker cannot write to its disk: " + String.join(", ", offline) + (offline.size() == 1
                    ? " is" : " are") + " offline, so it answers every write with KAFKA_STORAGE_ERROR ("
                    + KafkaStorageException.class.getSimpleName() + ")" + (full.isEmpty()
                    ? "; is its disk full or failing?" : "; its disk is full.");
        }
        return full.isEmpty() ? null : "the broker's disk is full: " + String.join(", ", full) + ".";
    }
}
