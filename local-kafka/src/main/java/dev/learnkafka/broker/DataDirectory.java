package dev.learnkafka.broker;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

import org.slf4j.LoggerFactory;

/**
 * Checks and locks a data directory before anything is written to it. Free of loggers: {@link LocalKafkaMain} calls
 * it before it has pointed SLF4J at a log file.
 */
final class DataDirectory {
    private DataDirectory() {
    }

    /** Creates the directory when missing and checks that this process may write into it; returns it absolute. */
    static Path prepare(Path dir) {
        Path absolute = dir.toAbsolutePath().normalize();
        Path probe = absolute.resolve(".local-kafka-write-check");
        try {
            Files.createDirectories(absolute);
            // Files.isWritable is not enough (root passes it on a read-only mount): really write a file.
            Files.deleteIfExists(probe);
            Files.createFile(probe);
            Files.delete(probe);
        } catch (IOException e) {
            throw new LocalKafkaException("Cannot use " + absolute + " as the data directory: " + reason(e) + ".", e);
        }
        return absolute;
    }

    /**
     * Takes a directory for this Kafka before anything in it is read or written: a second Kafka on it (another
     * process or instance) fails here. Kafka's own lock comes too late: by the time it is refused, a second node has
     * already started a controller on the shared metadata log.
     */
    static Lock lock(Path directory, String what) {
        FileChannel channel = null;
        try {
            channel = FileChannel.open(Files.createDirectories(directory).resolve(LOCK_FILE),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            if (channel.tryLock() != null) {
                return new Lock(channel);
            }
        } catch (OverlappingFileLockException e) {
            // held by this JVM: in use all the same
        } catch (IOException e) {
            closeQuietly(channel);
            throw new LocalKafkaException("Cannot lock the " + what + " " + directory + ": " + reason(e) + ".", e);
        }
        closeQuietly(channel);
        throw new LocalKafkaException("The " + what + " " + directory + " is in use by another Kafka: stop "
                + "that one first, or choose another " + what + ".");
    }

    static final String LOCK_FILE = ".local-kafka.lock";

    record Lock(FileChannel channel) implements AutoCloseable {
        @Override
        public void close() {
            closeQuietly(channel); // closing the channel releases its lock
        }
    }

    static void closeQuietly(FileChannel channel) {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            // the lock goes with the process anyway
        }
    }

    /** Deletes a directory and all it holds, as far as it can. */
    static void delete(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a logger made only here: deleting comes long after LocalKafkaMain pointed SLF4J at its file
            LoggerFactory.getLogger(DataDirectory.class).warn("Could not delete {}: {}", root, e.getMessage());
        }
    }

    /** A short human reason; the JDK's messages for these exceptions are often just the path. */
    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "a file (not a directory) is in the way at " + ((FileSystemException) e).getFile();
        }
        if (e instanceof NoSuchFileException) {
            return "it cannot be created there";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason().toLowerCase(Locale.ROOT);
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
