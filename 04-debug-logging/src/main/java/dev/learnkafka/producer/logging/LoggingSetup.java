package dev.learnkafka.producer.logging;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Set;


/**
 * Turns debug contexts into slf4j-simple settings. It only sets system properties, and it must run before the
 * first logger of the JVM is created:
 * <ul>
 *   <li>slf4j-simple reads its output ({@code logFile}), format and default level ONCE, when SLF4J creates
 *       the first logger; later changes are ignored;</li>
 *   <li>each logger's level is fixed when that logger is created (the Kafka client creates most of its loggers
 *       in the {@code KafkaProducer} constructor, some when a class loads), and never changes after that;</li>
 *   <li>SLF4J picks its provider ({@code slf4j.provider}) at the first logger, too.</li>
 * </ul>
 * A system property wins over {@code simplelogger.properties}, so these settings win over the module's file.
 */
public final class LoggingSetup {
    static final String LEVEL_PREFIX = "org.slf4j.simpleLogger.log.";
    static final String LOG_FILE = "org.slf4j.simpleLogger.logFile";

    private LoggingSetup() {
    }

    /**
     * @param contexts the debug contexts asked for; their loggers go to DEBUG or TRACE, the rest stay as
     *                 {@code simplelogger.properties} says (INFO for the client)
     * @param logFile  where log lines go instead of the console, or null
     */
    // tag::configure[]
    public static void configure(Set<DebugContext> contexts, Path logFile) {
        for (Map.Entry<String, String> level : DebugContext.levels(contexts).entrySet()) {
            // e.g. -Dorg.slf4j.simpleLogger.log.org.apache.kafka.clients.NetworkClient=debug
            System.setProperty(LEVEL_PREFIX + level.getKey(), level.getValue());
        }
        if (logFile != null) {
            System.setProperty(LOG_FILE, logFile.toAbsolutePath().toString());
        }
        // The log listener: SLF4J (2.0.9+) takes this provider instead of searching the classpath for one ...
        System.setProperty("slf4j.provider", ListeningServiceProvider.class.getName());
        // ... and says so on standard error unless told to report warnings only
        System.setProperty("slf4j.internal.verbosity", "WARN");
    }
    // end::configure[]

    /**
     * The {@code --log-file} path, checked before anything logs: slf4j-simple would otherwise print a stack
     * trace and log to the console instead. Null for none.
     *
     * @throws IllegalArgumentException when the file cannot be created or written there (the run: exit 2)
     */
    public static Path writableLogFile(String option) {
        if (option == null) {
            return null;
        }
        Path file = Path.of(option).toAbsolutePath();
        Path directory = file.getParent();
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException("--log-file " + option + " is a directory; give a file in it, e.g. "
                    + Path.of(option, "producer.log") + ".");
        }
        if (directory == null || !Files.isDirectory(directory)) {
            throw new IllegalArgumentException("--log-file " + option + ": there is no directory " + directory + ".");
        }
        // the only sure test of "can be written" is to open it, as slf4j-simple will (which then truncates it)
        try (OutputStream opened = Files.newOutputStream(file, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            return Path.of(option);
        } catch (IOException | SecurityException e) {
            throw new IllegalArgumentException("--log-file " + option + " cannot be written: " + e.getMessage() + ".");
        }
    }
}
