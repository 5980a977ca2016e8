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
 * The certificates of a local TLS listener, made fresh with the JDK's own {@code keytool} (nothing checked in, no
 * extra library): a CA ({@code ca.pem}, the client's truststore) whose key is deleted once it signed the broker's
 * certificate for {@code localhost} ({@code broker.p12}, owner-only, a random password), and a ready owner-only
 * {@code client.properties}.
 */
record LocalTls(Path directory, String keystorePassword) {
    private static final Logger log = LoggerFactory.getLogger(LocalTls.class);
    static final String TRUSTSTORE = "ca.pem";
    static final String KEYSTORE = "broker.p12";
    private static final String VALIDITY_DAYS = "365";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    /** Makes a new CA and broker certificate in {@code dir}, which the caller holds ({@link DataDirectory#lock}). */
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

    /** In one PKCS12 keystore (keytool's default, whose keys have the keystore's password). */
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

    /** Replaces {@code file} by an empty owner-only one: created so, not narrowed after it was written. */
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

    Path truststore() {
        return directory.resolve(TRUSTSTORE);
    }

    Path keystore() {
        return directory.resolve(KEYSTORE);
    }

    Path clientProperties() {
        return directory.resolve("client.properties");
    }

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
