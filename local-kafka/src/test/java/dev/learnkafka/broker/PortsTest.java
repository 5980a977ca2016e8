package dev.learnkafka.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
        for (int i = 0; i < 2_000; i++) {
            assertThat(seen.add(Ports.freePort())).as("port %d handed out before", i).isTrue();
        }
    }
}
