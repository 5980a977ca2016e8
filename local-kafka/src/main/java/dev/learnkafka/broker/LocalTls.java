package dev.learnkafka.broker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
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
 *       broker's configuration holds).</li>
 * </ul>
 * The CA's private key is deleted once it has signed: nobody can sign another certificate with it.
 */
final class LocalTls {
    private static final Logger log = LoggerFactory.getLogger(LocalTls.class);
    static final String TRUSTSTORE = "ca.pem";
    static final String KEYSTORE = "broker.p12";
    private static final String VALIDITY_DAYS = "365";
    private static final long KEYTOOL_TIMEOUT_SECONDS = 60;

    private final Path directory;
    private final String keystorePassword;

    private LocalTls(Path directory, String keystorePassword) {
        this.directory = directory;
        this.keystorePassword = keystorePassword;
    }

    /** Makes a new CA and broker certificate in {@code directory}, replacing what an earlier run left there. */
    static LocalTls create(Path directory) {
        long began = System.nanoTime();
        Path dir = directory.toAbsolutePath().normalize();
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        String password = HexFormat.of().formatHex(secret);
        Path caStore = dir.resolve("ca.p12");
        Path keystore = dir.resolve(KEYSTORE);
        Path request = dir.resolve("broker.csr");
        Path signed = dir.resolve("broker.crt");
        Path caPem = dir.resolve(TRUSTSTORE);
        try {
            Files.createDirectories(dir);
            for (Path old : List.of(caStore, keystore, request, signed, caPem)) {
                Files.deleteIfExists(old);
            }
            String pass = password;
            keytool(dir, "-genkeypair", "-alias", "ca", "-dname", "CN=local-kafka CA", "-ext", "bc:c",
                    "-keyalg", "EC", "-groupname", "secp256r1", "-validity", VALIDITY_DAYS,
                    "-keystore", caStore.toString(), "-storetype", "PKCS12", "-storepass", pass, "-keypass", pass);
            keytool(dir, "-genkeypair", "-alias", "broker", "-dname", "CN=localhost",
                    "-keyalg", "EC", "-groupname", "secp256r1", "-validity", VALIDITY_DAYS,
                    "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", pass, "-keypass", pass);
            keytool(dir, "-certreq", "-alias", "broker", "-keystore", keystore.toString(), "-storepass", pass,
                    "-file", request.toString());
            // clients check the name they dialled against these (ssl.endpoint.identification.algorithm=https)
            keytool(dir, "-gencert", "-alias", "ca", "-keystore", caStore.toString(), "-storepass", pass,
                    "-infile", request.toString(), "-outfile", signed.toString(), "-rfc",
                    "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", VALIDITY_DAYS);
            keytool(dir, "-exportcert", "-alias", "ca", "-keystore", caStore.toString(), "-storepass", pass,
                    "-rfc", "-file", caPem.toString());
            keytool(dir, "-importcert", "-alias", "ca", "-file", caPem.toString(), "-keystore", keystore.toString(),
                    "-storepass", pass, "-noprompt");
            // the reply replaces the self-signed certificate by the chain broker <- CA
            keytool(dir, "-importcert", "-alias", "broker", "-file", signed.toString(),
                    "-keystore", keystore.toString(), "-storepass", pass);
            for (Path done : List.of(caStore, request, signed)) {
                Files.deleteIfExists(done);
            }
        } catch (IOException e) {
            throw new LocalKafkaException("Cannot write the TLS files in " + dir + ": " + DataDirectory.reason(e)
                    + ".", e);
        }
        log.info("Made a CA and a broker certificate for localhost in {} ({} ms).", dir,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
        return new LocalTls(dir, password);
    }

    Path directory() {
        return directory;
    }

    /** The CA certificate (PEM): what a client trusts. */
    Path truststore() {
        return directory.resolve(TRUSTSTORE);
    }

    Path keystore() {
        return directory.resolve(KEYSTORE);
    }

    String keystorePassword() {
        return keystorePassword;
    }

    private static void keytool(Path dir, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        // a short-lived JVM: start fast
        command.add("-J-XX:TieredStopAtLevel=1");
        command.add("-J-XX:+UseSerialGC");
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new LocalKafkaException("Cannot run the JDK's keytool (" + command.get(0) + ") to make the TLS "
                    + "certificates: " + e.getMessage() + ". A JDK (not only a JRE) is needed for --tls.", e);
        }
        process.getOutputStream().close();
        String output;
        try {
            output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new LocalKafkaException("keytool " + args[0] + " did not end within "
                        + KEYTOOL_TIMEOUT_SECONDS + " s.");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new LocalKafkaException("Interrupted while keytool made the TLS certificates.", e);
        }
        if (process.exitValue() != 0) {
            throw new LocalKafkaException("keytool " + args[0] + " failed (exit " + process.exitValue() + "): "
                    + output.replace('\n', ' '));
        }
        log.debug("keytool {}: {}", args[0], output);
    }
}
