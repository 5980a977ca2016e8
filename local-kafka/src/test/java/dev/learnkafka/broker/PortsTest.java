package dev.learnkafka.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class PortsTest {
    private static final Path RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    /**
     * A broker's port comes from below the range the kernel gives outgoing connections: a port of that range,
     * free when picked, was taken by a client's connection before a restarting broker could bind it again.
     */
    @Test
    void shouldHandOutPortsBelowTheKernelsEphemeralRange() throws Exception {
        assumeTrue(Files.isReadable(RANGE), "a Linux kernel's port range");
        int low = Integer.parseInt(Files.readAllLines(RANGE).get(0).trim().split("\\s+")[0]);
        assumeTrue(low > 11_000, "room below the range");

        assertThat(Ports.ephemeralLow()).isEqualTo(low);
        for (int i = 0; i < 20; i++) {
            assertThat(Ports.freePort()).isBetween(10_000, low - 1);
        }
    }

    /** A port handed out may be free again (its broker stopped to restart on it): it is never handed out twice. */
    @Test
    void shouldNeverHandOutAPortTwice() {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int i = 0; i < 500; i++) {
            assertThat(seen.add(Ports.freePort())).as("port %d handed out before", i).isTrue();
        }
    }

    /** Another JVM never gets a port this one handed out, even while the port is free (not bound yet). */
    @Test
    void shouldNotHandOutAPortAnotherJvmHolds() throws Exception {
        int port = Ports.freePort();
        assertThat(Ports.isFree(port)).isTrue();

        assertThat(inAnotherJvm(port)).as("another JVM may claim port %d", port).isEqualTo("false");

        // and a port nobody claimed is another JVM's, and free again when that JVM ends (a port of the kernel's
        // range: freePort does not hand those out while there is room below it)
        int unclaimed;
        try (var socket = new java.net.ServerSocket(0)) {
            unclaimed = socket.getLocalPort();
        }
        assertThat(inAnotherJvm(unclaimed)).isEqualTo("true");
        assertThat(inAnotherJvm(unclaimed)).isEqualTo("true");
        
    }

    private static String inAnotherJvm(int port) throws Exception {
        String launcher = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process other = new ProcessBuilder(launcher, "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), Claim.class.getName(), String.valueOf(port))
                .redirectErrorStream(true).start();
        String said = new String(other.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(other.waitFor()).as(said).isZero();
        return said;
    }

    /** Prints whether this JVM could claim the port given. */
    public static final class Claim {
        public static void main(String[] args) {
            System.out.println(Ports.reserve(Integer.parseInt(args[0])));
        }
    }
}
