package dev.learnkafka.broker;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

/** Small helpers about local TCP ports. */
public final class Ports {
    private Ports() {
    }

    /**
     * A port free on localhost now, below the kernel's ephemeral range: a port from that range (what port 0 gives)
     * can be taken by any outgoing connection before the broker binds it ("already in use", seen with brokers
     * started side by side); below it only another listener can.
     */
    public static int freePort() {
        int high = ephemeralLow() - 1;
        if (high - LOWEST > 1_000) {
            for (int tries = 0; tries < 200; tries++) {
                int port = ThreadLocalRandom.current().nextInt(LOWEST, high + 1);
                // claimed before it is probed: the probe binds the port for a moment, and a port another thread
                // or JVM claimed may be about to be bound by its broker ("Port ... is already in use" seen so)
                if (reserve(port) && isFree(port)) {
                    return port;
                }
            }
        }
        int port;
        do {
            port = kernelPick();
        } while (!reserve(port));
        return port;
    }

    /**
     * Every port this JVM handed out, never again: a port stays its broker's while it is built or stopped, unbound
     * (two brokers of one test JVM got the same port so, one as its listener, one as its controller's).
     */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();
    /** One file lock per port handed out, released when the JVM ends. */
    private static final List<FileChannel> HELD = new CopyOnWriteArrayList<>();
    private static final Path LOCKS = Path.of(System.getProperty("java.io.tmpdir"), "learnkafka-ports");

    /**
     * Claims a port for this JVM's life against other JVMs too: the ports the JVMs of one build pick at random meet
     * by the birthday paradox ("Address already in use": a stage's run-scoped broker and a test JVM's shared one).
     */
    static boolean reserve(int port) {
        if (!HANDED_OUT.add(port)) {
            return false;
        }
        FileChannel file = null;
        try {
            Files.createDirectories(LOCKS);
            file = FileChannel.open(LOCKS.resolve(port + ".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            if (file.tryLock() != null) {
                HELD.add(file);
                return true;
            }
            return false; // another JVM holds it
        } catch (OverlappingFileLockException e) {
            return false;
        } catch (IOException | RuntimeException e) {
            return true; // no place for locks (read-only temp directory): the bind check alone
        } finally {
            if (!HELD.contains(file)) {
                DataDirectory.closeQuietly(file); // not kept: its lock, if any, goes with it
            }
        }
    }

    /** The lowest port {@link #freePort} hands out: above the ports services usually take. */
    private static final int LOWEST = 10_000;

    /** The first port of the kernel's ephemeral range (Linux: /proc; elsewhere the IANA range's 49152). */
    static int ephemeralLow() {
        try {
            // not Files.readString: /proc files report size 0, and it returned "3" of "32768\t60999" here
            String range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim();
            return Integer.parseInt(range.split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 49_152;
        }
    }

    private static int kernelPick() {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new LocalKafkaException("Could not find a free local port: " + e.getMessage(), e);
        }
    }

    /** Fails when something listens on {@code port}; 0 (no port asked for) passes. */
    static void requireFree(int port, String advice) {
        if (port > 0 && !isFree(port)) {
            throw new LocalKafkaException("Port " + port + " is already in use: is another Kafka running? " + advice);
        }
    }

    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
