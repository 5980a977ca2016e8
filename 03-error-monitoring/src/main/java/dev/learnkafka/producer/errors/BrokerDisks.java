package dev.learnkafka.producer.errors;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.common.Node;

/**
 * Asks the brokers whether they can still write to their disks. The producer cannot tell: a broker whose disk is
 * full answers every write with KAFKA_STORAGE_ERROR, which is retriable, so the client retries quietly and the
 * batch ends with a plain "Expiring N record(s)" TimeoutException with no cause (kafka-clients 4.4). The broker
 * knows: {@code Admin.describeLogDirs} shows the log directory it took offline, with its error.
 */
final class BrokerDisks {
    private static final int TIMEOUT_MS = 2_000; // a short question: the monitor asks it while messages time out

    private BrokerDisks() {
    }

    /** "log directory /data of broker 1 (0 bytes free)" for each offline directory; empty when all are fine. */
    static List<String> offline(Properties adminSettings) {
        Properties props = new Properties();
        props.putAll(adminSettings);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "error-monitor-disks");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_MS);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MS / 2);
        try (Admin admin = Admin.create(props)) {
            List<Integer> brokers = admin.describeCluster().nodes().get(TIMEOUT_MS, TimeUnit.MILLISECONDS).stream()
                    .map(Node::id).toList();
            return offline(admin.describeLogDirs(brokers).allDescriptions().get(TIMEOUT_MS, TimeUnit.MILLISECONDS));
        } catch (Exception noAnswer) { // no answer in time, not allowed to ask: nothing to name
            return List.of();
        }
    }

    static List<String> offline(Map<Integer, Map<String, LogDirDescription>> dirs) {
        List<String> offline = new ArrayList<>();
        dirs.forEach((broker, byPath) -> byPath.forEach((path, dir) -> {
            if (dir.error() != null) {
                offline.add("log directory " + path + " of broker " + broker + (dir.usableBytes().isPresent()
                        ? " (" + dir.usableBytes().getAsLong() + " bytes free)" : ""));
            }
        }));
        return offline;
    }
}
