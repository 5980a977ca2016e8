package dev.learnkafka.run;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
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
 * listener these client settings can talk to, and if not, why, in one line a reader can act on.
 */
final class BrokerCheck {
    /**
     * Describes the cluster with the reader's settings (in plain text after {@link #plainAnswer}). A SASL or
     * authorization error is an answer too (stages report those); a failed TLS handshake is not.
     */
    static void speaksKafka(String servers, String named, TutorialEnvironment env, Properties clientConfig,
                            Duration checkTimeout) {
        if (!protocol(clientConfig).endsWith("SSL")) { // in plain text a Kafka client must not be the first to ask
            List<InetSocketAddress> addresses = TutorialBroker.parse(servers);
            for (InetSocketAddress address : addresses) {
                String answer = plainAnswer(address, checkTimeout);
                if (answer != null) {
                    throw notKafka(addresses.size() == 1 ? named : address.getHostString() + ":" + address.getPort()
                            + " (in " + named + ")", env, clientConfig, checkTimeout, answer, null);
                }
            }
        }
        Properties props = new Properties();
        props.putAll(clientConfig);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "tutorial-broker-check");
        int timeoutMs = (int) checkTimeout.toMillis();
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs / 2);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        // no rebootstrap: after a failed TLS handshake it would start over in a tight loop, logging each time
        props.put(AdminClientConfig.METADATA_RECOVERY_STRATEGY_CONFIG, "none");
        Admin admin;
        try {
            admin = Admin.create(props);
        } catch (KafkaException e) {
            // e.g. a truststore that is not of ssl.truststore.type: bad configuration, found before any connection
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
            throw notKafka(named, env, clientConfig, checkTimeout,
                    noAnswer ? null : "its answer: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw notKafka(named, env, clientConfig, checkTimeout, null, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerUnavailableException("Interrupted while checking the broker at " + named + ".", e);
        } finally {
            // not waited for: close(Duration.ZERO) still joins the client's thread, seconds while it is connecting
            Thread closing = new Thread(() -> admin.close(Duration.ZERO), "broker-check-close");
            closing.setDaemon(true);
            closing.start();
        }
    }

    /**
     * What a plain-text listener says to a Kafka request when that is not Kafka's answer; null when it answers as
     * Kafka does or accepts no connection. Why before any Kafka client: the client allocates the first 4 bytes of
     * an answer as its size at once, and a web server's "HTTP" is 1.2 GB, or an OutOfMemoryError (KAFKA-4090;
     * KIP-498's cap was never adopted). ApiVersions v0 is answered by every broker (with an error code when it
     * wants a newer version) with a small size and our correlation id.
     */
    static String plainAnswer(InetSocketAddress address, Duration timeout) {
        int correlationId = 0x4C4B4A31; // any number: the broker echoes it
        byte[] clientId = "tutorial-broker-check".getBytes(StandardCharsets.US_ASCII);
        try (Socket socket = new Socket()) {
            try {
                socket.connect(new InetSocketAddress(address.getHostString(), address.getPort()),
                        (int) Math.min(timeout.toMillis(), 3_000));
            } catch (IOException | IllegalArgumentException e) {
                return null; // nothing accepts connections there (any more): the Kafka-level check says so
            }
            socket.setSoTimeout((int) timeout.toMillis());
            socket.getOutputStream().write(ByteBuffer.allocate(4 + 2 + 2 + 4 + 2 + clientId.length)
                    .putInt(2 + 2 + 4 + 2 + clientId.length) // size, then the request header v1; the body is empty
                    .putShort((short) 18) // api key: ApiVersions
                    .putShort((short) 0) // api version
                    .putInt(correlationId).putShort((short) clientId.length).put(clientId).array()); // one write
            var in = socket.getInputStream();
            byte[] answer = new byte[64];
            int read = in.readNBytes(answer, 0, 8); // the size, then the correlation id of the response header
            if (read == 0) {
                return "it closed the connection without an answer";
            }
            var head = ByteBuffer.wrap(answer);
            if (read == 8 && head.getInt(0) >= 6 && head.getInt(0) <= 1024 * 1024 && head.getInt(4) == correlationId) {
                return null;
            }
            read += read == 8 ? in.readNBytes(answer, 8, answer.length - 8) : 0;
            return "its answer begins " + printable(Arrays.copyOf(answer, read));
        } catch (SocketTimeoutException e) {
            return "no answer to a Kafka request within " + timeout.toSeconds() + " s";
        } catch (IOException e) {
            return "it broke the connection without an answer (" + e.getMessage() + ")"; // a broker answers
        }
    }

    private static String protocol(Properties config) {
        return config.getProperty(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT").trim()
                .toUpperCase(Locale.ROOT);
    }

    /** Text in quotes, anything else in hex. */
    private static String printable(byte[] all) {
        if (all.length >= 2 && (all[0] == 0x15 || all[0] == 0x16) && all[1] == 0x03) {
            return "with a TLS record: that listener speaks TLS";
        }
        String text = new String(all, StandardCharsets.US_ASCII).strip();
        String firstLine = text.lines().findFirst().orElse("");
        if (!firstLine.isEmpty() && firstLine.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            return "\"" + firstLine + "\"";
        }
        return "0x" + HexFormat.of().formatHex(all, 0, Math.min(all.length, 8));
    }

    private static BrokerUnavailableException notKafka(String named, TutorialEnvironment env, Properties config,
                                                       Duration checkTimeout, String answered, Throwable cause) {
        String protocol = protocol(config);
        String answer = answered != null ? answered
                : "no answer to a Kafka request within " + checkTimeout.toSeconds() + " s";
        String likely = protocol.equals("PLAINTEXT")
                ? "Is it a Kafka broker, and its plain-text listener? A listener that expects TLS or SASL needs "
                        + "security.protocol and the rest in " + TutorialEnvironment.CLIENT_CONFIG_ENV + "."
                : "Does that listener expect security.protocol=" + protocol + " (set in "
                        + TutorialEnvironment.CLIENT_CONFIG_ENV + "=" + env.clientConfigFile() + ")? A plain-text "
                        + "listener does not answer a " + protocol + " client.";
        return new BrokerUnavailableException("Something accepts connections at " + named + " but does not answer "
                + "as a Kafka broker with these client settings (" + answer + "). " + likely, cause);
    }

    // a missing store file: else the client logs a stack trace and "Failed to create new KafkaAdminClient"
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

    /** What a failed TLS handshake means, from what Java's TLS said: the CA, the certificate's name, or no TLS. */
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

    /** The innermost cause: the run contract's one walk down a cause chain. */
    static Throwable rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = rootCause(e);
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }
}
