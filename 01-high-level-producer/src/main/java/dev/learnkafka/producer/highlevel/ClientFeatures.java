package dev.learnkafka.producer.highlevel;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import java.util.zip.GZIPOutputStream;

import javax.net.ssl.SSLContext;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslClientFactory;

import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * What this Java runtime's Kafka client can really do: the counterpart of node-rdkafka's
 * {@code Kafka.features} and {@code Kafka.librdkafkaVersion}.
 *
 * <p>librdkafka reports the features it was compiled with. The Java client has no such list, so each feature is
 * tried here: a codec counts when it compresses a few bytes (snappy, lz4 and zstd need their jars, and snappy and
 * zstd a native library that loads on this OS); a SASL mechanism when its login module or the JDK's factory loads;
 * SSL by the TLS versions the JDK offers.
 *
 * @param version        the kafka-clients version, e.g. 4.4.0
 * @param commitId       the commit it was built from
 * @param codecs         compression codecs that work here
 * @param saslMechanisms SASL mechanisms the client can use here
 * @param sslProtocols   TLS versions the JDK supports
 */
public record ClientFeatures(String version, String commitId, List<String> codecs, List<String> saslMechanisms,
                             List<String> sslProtocols) {
    private static final byte[] SAMPLE = "value-1".getBytes(StandardCharsets.UTF_8);

    public static ClientFeatures detect() {
        Properties info = clientVersionInfo();
        return new ClientFeatures(info.getProperty("version", "unknown"), info.getProperty("commitId", "unknown"),
                detectCodecs(), detectSaslMechanisms(), detectSslProtocols());
    }

    /**
     * The version file inside the kafka-clients jar: the same one the client reads for its {@code app-info}
     * metric, and the public way to ask (the parser class is internal in Kafka 4).
     */
    private static Properties clientVersionInfo() {
        Properties info = new Properties();
        try (InputStream in = KafkaProducer.class.getResourceAsStream("/kafka/kafka-version.properties")) {
            if (in != null) {
                info.load(in);
            }
        } catch (IOException e) {
            // reported as "unknown"
        }
        return info;
    }

    /** One line, like the blog's "Supported features gzip,snappy,sasl,regex,lz4,...". */
    public String featureList() {
        List<String> all = new ArrayList<>(codecs);
        saslMechanisms.forEach(m -> all.add("sasl_" + m.toLowerCase(java.util.Locale.ROOT).replace('-', '_')));
        if (!sslProtocols.isEmpty()) {
            all.add("ssl");
        }
        return String.join(",", all);
    }

    private static List<String> detectCodecs() {
        List<String> working = new ArrayList<>();
        // gzip is the JDK's own
        try (var gzip = new GZIPOutputStream(new ByteArrayOutputStream())) {
            gzip.write(SAMPLE);
            working.add("gzip");
        } catch (IOException e) {
            // not expected on a JDK; left out of the list if it happens
        }
        // The others are the libraries kafka-clients brings as runtime dependencies. Reflection, because a
        // producer never calls them itself: the client does, once compression.type asks for them.
        if (compresses("org.xerial.snappy.Snappy", "compress", byte[].class)) {
            working.add("snappy");
        }
        if (lz4Compresses()) {
            working.add("lz4");
        }
        if (compresses("com.github.luben.zstd.Zstd", "compress", byte[].class)) {
            working.add("zstd");
        }
        return working;
    }

    private static boolean lz4Compresses() {
        try {
            Object factory = Class.forName("net.jpountz.lz4.LZ4Factory").getMethod("fastestInstance").invoke(null);
            Object compressor = factory.getClass().getMethod("fastCompressor").invoke(factory);
            compressor.getClass().getMethod("compress", byte[].class).invoke(compressor, (Object) SAMPLE);
            return true;
        } catch (ReflectiveOperationException | LinkageError e) {
            return false;
        }
    }

    private static boolean compresses(String className, String method, Class<?> parameterType) {
        try {
            Class.forName(className).getMethod(method, parameterType).invoke(null, (Object) SAMPLE);
            return true;
        } catch (ReflectiveOperationException | LinkageError e) {
            // the jar is missing, or its native library does not load on this OS (UnsatisfiedLinkError)
            return false;
        }
    }

    private static List<String> detectSaslMechanisms() {
        List<String> mechanisms = new ArrayList<>();
        // Kafka's own SASL clients: present when their login modules load
        if (loads("org.apache.kafka.common.security.plain.PlainLoginModule")) {
            mechanisms.add("PLAIN");
        }
        if (loads("org.apache.kafka.common.security.scram.ScramLoginModule")) {
            mechanisms.add("SCRAM-SHA-256");
            mechanisms.add("SCRAM-SHA-512");
        }
        if (loads("org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule")) {
            mechanisms.add("OAUTHBEARER");
        }
        // Kerberos comes from the JDK (module jdk.security.jgss), not from Kafka
        Enumeration<SaslClientFactory> factories = Sasl.getSaslClientFactories();
        for (SaslClientFactory factory : Collections.list(factories)) {
            if (Arrays.asList(factory.getMechanismNames(Map.of())).contains("GSSAPI")) {
                mechanisms.add("GSSAPI");
                break;
            }
        }
        return mechanisms;
    }

    private static List<String> detectSslProtocols() {
        try {
            return Arrays.stream(SSLContext.getDefault().getSupportedSSLParameters().getProtocols())
                    .filter(p -> p.startsWith("TLSv1.2") || p.startsWith("TLSv1.3"))
                    .sorted()
                    .toList();
        } catch (NoSuchAlgorithmException e) {
            return List.of();
        }
    }

    private static boolean loads(String className) {
        try {
            Class.forName(className, false, ClientFeatures.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
