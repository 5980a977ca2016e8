package dev.learnkafka.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SslAuthenticationException;

/**
 * The broker diagnosis {@link TutorialBroker} runs before a stage creates a producer: is the address a Kafka
 * listener these client settings can talk to, and if not, why, in one line a reader can act on (the store files,
 * the TLS handshake, a listener that is not Kafka or expects another security protocol).
 */
final class BrokerCheck {
    private BrokerCheck() {
    }

    /**
     * Asks the broker a Kafka question with the reader's client settings: describe the cluster. A SASL
     * authentication or an authorization error is an answer too (the stage reports those its own way); a failed
     * TLS handshake is not (no stage gets further with it: one line here says why it failed); no answer in time
     * means it is not a Kafka listener these settings can talk to.
     */
    static void speaksKafka(String servers, String named, TutorialEnvironment env, Properties clientConfig,
                                 Duration checkTimeout) {
        Properties props = new Properties();
        props.putAll(clientConfig);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "tutorial-broker-check");
        int timeoutMs = (int) checkTimeout.toMillis();
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs / 2);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        // one short question to the bootstrap list: after a failed TLS handshake, the default (rebootstrap) would
        // start over in a tight loop and log each time
        props.put(AdminClientConfig.METADATA_RECOVERY_STRATEGY_CONFIG, "none");
        Admin admin;
        try {
            admin = Admin.create(props);
        } catch (KafkaException e) {
            // e.g. a truststore file that is not what ssl.truststore.type says: bad configuration, found before any
            // connection
            throw new UsageException(TutorialEnvironment.CLIENT_CONFIG_ENV + "=" + env.clientConfigFile()
                    + ": a Kafka client cannot start with these settings: " + rootMessage(e) + ".");
        }
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs)).clusterId()
                    .get(timeoutMs + 1_000L, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SslAuthenticationException tls) {
                throw tlsFailed(named, env, tls);
            }
            if (e.getCause() instanceof AuthenticationException || e.getCause() instanceof AuthorizationException) {
                return;
            }
            boolean noAnswer = e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException;
            throw notKafka(named, env, clientConfig, checkTimeout, noAnswer ? null : e.getCause());
        } catch (TimeoutException e) {
            throw notKafka(named, env, clientConfig, checkTimeout, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerUnavailableException("Interrupted while checking the broker at " + named + ".", e);
        } finally {
            closeInTheBackground(admin);
        }
    }

    /**
     * Closes the check's Admin client without waiting: {@code close(Duration.ZERO)} still joins the client's thread,
     * which can take seconds while it is connecting, and the check's answer must not wait for that.
     */
    private static void closeInTheBackground(Admin admin) {
        Thread closing = new Thread(() -> admin.close(Duration.ZERO), "broker-check-close");
        closing.setDaemon(true);
        closing.start();
    }

    private static BrokerUnavailableException notKafka(String named, TutorialEnvironment env, Properties config,
                                                       Duration checkTimeout, Throwable cause) {
        String protocol = config.getProperty(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT")
                .trim().toUpperCase(Locale.ROOT);
        String answer = cause == null
                ? "no answer to a Kafka request within " + checkTimeout.toSeconds() + " s"
                : "its answer: " + cause.getMessage();
        String likely = protocol.equals("PLAINTEXT")
                ? "Is it a Kafka broker, and its plain-text listener? A listener that expects TLS or SASL needs "
                        + "security.protocol and the rest in " + TutorialEnvironment.CLIENT_CONFIG_ENV + "."
                : "Does that listener expect security.protocol=" + protocol + " (set in "
                        + TutorialEnvironment.CLIENT_CONFIG_ENV + "=" + env.clientConfigFile() + ")? A plain-text "
                        + "listener does not answer a " + protocol + " client.";
        return new BrokerUnavailableException("Something accepts connections at " + named + " but does not answer "
                + "as a Kafka broker with these client settings (" + answer + "). " + likely, cause);
    }

    /**
     * A truststore or keystore named in the client settings must be a readable file: the client would log a stack
     * trace and fail with a message about "Failed to create new KafkaAdminClient" instead.
     */
    static void storeFiles(TutorialEnvironment env, Properties clientConfig) {
        for (String key : List.of("ssl.truststore.location", "ssl.keystore.location")) {
            String value = clientConfig.getProperty(key);
            if (value == null || value.isBlank()) {
                continue;
            }
            Path file = Path.of(value.trim());
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw new UsageException(TutorialEnvironment.CLIENT_CONFIG_ENV + "=" + env.clientConfigFile() + ": "
                        + key + "=" + value.trim() + ": no readable file there" + (file.isAbsolute() ? ""
                        : " (a relative path counts from the directory the stage runs in, "
                                + Path.of("").toAbsolutePath() + ")") + ".");
            }
        }
    }

    /**
     * What a failed TLS handshake means for the reader, from what Java's TLS said: the CA (truststore), the name in
     * the certificate, or no TLS on that port.
     */
    static BrokerUnavailableException tlsFailed(String named, TutorialEnvironment env, SslAuthenticationException e) {
        String where = TutorialEnvironment.CLIENT_CONFIG_ENV + "=" + env.clientConfigFile();
        String root = rootMessage(e).replaceAll("\\.+$", "");
        String lower = root.toLowerCase(Locale.ROOT);
        String why;
        if (lower.contains("certification path") || lower.contains("pkix")) {
            why = "the broker's certificate is not signed by a CA this client trusts. Point ssl.truststore.location "
                    + "(with ssl.truststore.type, e.g. PEM) in " + where + " at the cluster's CA certificate "
                    + "(for local-kafka --tls: local-kafka-tls/PORT/ca.pem, PORT being its --port)";
        } else if (lower.contains("subject alternative") || lower.contains("no name matching")) {
            why = "the broker's certificate is not made out to the host name in the bootstrap address (" + root
                    + "). Use the host name the certificate names, as the cluster's documentation gives it";
        } else if (lower.contains("unrecognized ssl message") || lower.contains("remote host terminated")
                || lower.contains("unexpected end of file")) {
            why = "that port does not seem to speak TLS (" + root + "). Is it the cluster's TLS listener, and does "
                    + "it expect the security.protocol set in " + where + "?";
        } else {
            why = root + ". Check the ssl.* settings in " + where;
        }
        return new BrokerUnavailableException("The TLS handshake with the broker at " + named + " failed: " + why
                + (why.endsWith("?") ? "" : "."), e);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }
}
