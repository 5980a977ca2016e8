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
 * Checks a data directory before anything is written to it.
 *
 * <p>Deliberately free of loggers: {@link LocalKafkaMain} calls it before it has pointed SLF4J at a log file, and
 * the first logger created would fix SLF4J's output for the rest of the JVM.
 */
final class DataDirectory {
    private DataDirectory() {
    }

    /**
     * Creates the directory when it is missing and checks that this process may write into it.
     *
     * @return the absolute path
     * @throws LocalKafkaException saying in one sentence why the directory cannot be used
     */
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
     * Takes a directory for this Kafka (creating it when missing), before anything in it is read or written: a
     * second Kafka on the same directory (another process, or another instance in this JVM) fails here, while the
     * first runs on untouched. Kafka's own lock comes too late for that: by the time it is refused, a second node has
     * already started a controller on the shared metadata log. Also for another directory a Kafka owns while it
     * runs, e.g. its TLS files.
     *
     * @param what how the messages name the directory, e.g. "data directory" or "TLS directory"
     * @return the lock; closing it releases the directory
     * @throws LocalKafkaException when another Kafka holds the directory
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

    /** A directory held by this process; {@link #close()} releases it. */
    record Lock(FileChannel channel) implements AutoCloseable {
        @Override
        public void close() {
            closeQuietly(channel); // closing the channel releases its lock
        }
    }

    /** Closes a channel (null: none) and so releases its lock, if any. */
    static void closeQuietly(FileChannel channel) {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            // the lock goes with the process anyway
        }
    }

    /** Deletes a directory and all it holds, as far as it can: what cannot be deleted is logged and stays. */
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
