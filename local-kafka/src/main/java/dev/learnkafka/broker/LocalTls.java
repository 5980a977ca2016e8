package dev.learnkafka.broker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificates of a local TLS listener, made fresh with the JDK's own {@code keytool} (nothing checked in,
 * no extra library): a CA of its own, and a broker certificate for {@code localhost} and {@code 127.0.0.1} that
 * the CA signed. What a company's or a managed cluster has, minus the CA that a JDK already trusts.
 *
 * <p>Files in the directory:
 * <ul>
 *   <li>{@code ca.pem}: the CA's certificate, the client's truststore ({@code ssl.truststore.type=PEM});</li>
 *   <li>{@code broker.p12}: the broker's key and certificate chain (PKCS12, a random password that only the
 *       broker's configuration holds), readable by its owner only;</li>
 *   <li>{@code client.properties}: a ready client configuration for the listener (it holds a user's password),
 *       readable by its owner only.</li>
 * </ul>
 * The CA's private key is deleted once it has signed: nobody can sign another certificate with it.
 */
record LocalTls(Path directory, String keystorePassword) {
    private static final Logger log = LoggerFactory.getLogger(LocalTls.class);
    static final String TRUSTSTORE = "ca.pem";
    static final String KEYSTORE = "broker.p12";
    private static final String VALIDITY_DAYS = "365";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    /**
     * Makes a new CA and broker certificate in {@code dir}, an absolute path, replacing what an earlier run left
     * there. The caller has made and holds the directory (see {@link DataDirectory#lock}): two brokers never share
     * these files.
     */
    static LocalTls create(Path dir) {
        long began = System.nanoTime();
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        String password = HexFormat.of().formatHex(secret);
        try {
            // Made in a folder only this user can enter (rwx------ where POSIX permissions exist), then moved into
            // place: no one else can read a key meanwhile, and nothing half-made is ever in the directory.
            Path work = Files.createTempDirectory(dir, ".making-");
            try {
                makeCertificates(work, password);
                if (posix(work)) {
                    Files.setPosixFilePermissions(work.resolve(KEYSTORE), OWNER_ONLY);
                }
                for (String file : List.of(TRUSTSTORE, KEYSTORE)) {
                    Files.move(work.resolve(file), dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                DataDirectory.delete(work);
            }
        } catch (IOException e) {
            throw new LocalKafkaException("Cannot write the TLS files in " + dir + ": " + DataDirectory.reason(e)
                    + ".", e);
        }
        log.info("Made a CA and a broker certificate for localhost in {} ({} ms).", dir,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
        return new LocalTls(dir, password);
    }

    /**
     * The JDK's keytool, step by step in {@code dir}: a CA and the broker's key it signs (chain broker <- CA) in one
     * keystore (PKCS12, keytool's default, whose keys have the keystore's password), the CA's certificate out as
     * ca.pem, then the CA's key deleted; leaves ca.pem and broker.p12.
     */
    private static void makeCertificates(Path dir, String pass) throws IOException {
        keytool(dir, pass, "-genkeypair", "-alias", "ca", "-dname", "CN=local-kafka CA", "-ext", "bc:c",
                "-keyalg", "EC", "-groupname", "secp256r1", "-validity", VALIDITY_DAYS);
        // clients check the name they dialled against these (ssl.endpoint.identification.algorithm=https)
        keytool(dir, pass, "-genkeypair", "-alias", "broker", "-dname", "CN=localhost", "-signer", "ca",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-keyalg", "EC", "-groupname", "secp256r1",
                "-validity", VALIDITY_DAYS);
        keytool(dir, pass, "-exportcert", "-alias", "ca", "-rfc", "-file", TRUSTSTORE);
        // the CA's key goes: no other certificate can be signed with it
        keytool(dir, pass, "-delete", "-alias", "ca");
    }

    /**
     * Replaces {@code file} by an empty one that only its owner can read (rw------- where POSIX permissions exist),
     * for a key or a password: it is created so, not narrowed after it was written.
     */
    static Path createOwnerOnly(Path file) throws IOException {
        Files.deleteIfExists(file);
        return posix(file) ? Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                : Files.createFile(file);
    }

    private static boolean posix(Path file) {
        return file.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /** Without the password, which only the broker's configuration holds. */
    @Override
    public String toString() {
        return "LocalTls[" + directory + "]";
    }

    /** The CA certificate (PEM): what a client trusts. */
    Path truststore() {
        return directory.resolve(TRUSTSTORE);
    }

    Path keystore() {
        return directory.resolve(KEYSTORE);
    }

    /** The client configuration {@link #writeClientProperties} writes, next to the truststore. */
    Path clientProperties() {
        return directory.resolve("client.properties");
    }

    /**
     * Writes a client configuration for the SASL_SSL listener at {@code bootstrapServers}, SASL/PLAIN as this user
     * and this CA as the truststore, in the order a reader writes them, readable by its owner only: it holds a
     * password.
     */
    void writeClientProperties(String clusterId, String bootstrapServers, String user, String password) {
        Path file = clientProperties();
        try {
            Files.writeString(createOwnerOnly(file), """
                    # A client of local-kafka's SASL_SSL listener (cluster %s): KAFKA_CLIENT_CONFIG=%s
                    bootstrap.servers=%s
                    security.protocol=SASL_SSL
                    sasl.mechanism=PLAIN
                    sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required \
                    username="%s" password="%s";
                    ssl.truststore.type=PEM
                    ssl.truststore.location=%s
                    """.formatted(clusterId, portable(file), bootstrapServers, user, password,
                    portable(truststore())), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LocalKafkaException("Cannot write " + file + ": " + DataDirectory.reason(e) + ".", e);
        }
    }

    /** A path as a .properties file may hold it: forward slashes (Windows accepts them, a backslash is an escape). */
    private static String portable(Path path) {
        return path.toAbsolutePath().toString().replace('\\', '/');
    }

    /** Runs keytool in {@code dir} on its keystore {@value #KEYSTORE}. */
    private static void keytool(Path dir, String pass, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                // a short-lived JVM: start fast
                "-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC", "-keystore", KEYSTORE, "-storepass", pass));
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new LocalKafkaException("Cannot run the JDK's keytool (" + command.get(0) + ") to make the TLS "
                    + "certificates: " + e.getMessage() + ". A JDK (not only a JRE) is needed for --tls.", e);
        }
        process.getOutputStream().close();
        // read to its end: keytool has ended (or closed its output) by then
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        try {
            if (process.waitFor() != 0) {
                throw new LocalKafkaException("keytool " + args[0] + " failed (exit " + process.exitValue() + "): "
                        + output.replace('\n', ' '));
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new LocalKafkaException("Interrupted while keytool made the TLS certificates.", e);
        }
        log.debug("keytool {}: {}", args[0], output);
    }
}
