package dev.learnkafka.bench;

import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The command line of a JVM the study starts: this JDK, the project's JDK options, this classpath. */
final class ChildJvm {
    /**
     * More options for every JVM the study starts, separated by spaces. The tests set
     * {@code -XX:TieredStopAtLevel=1}: their points are tiny, and the optimizing compiler would cost more CPU than it
     * wins back. A reader's study leaves it unset: its numbers are measured with the JVM's defaults.
     */
    static final String OPTIONS_PROPERTY = "learnkafka.bench.child-jvm-options";

    private ChildJvm() {
    }

    /**
     * @param jvmOptions e.g. {@code -Xmx512m}
     * @param mainClass  the class to run
     * @param args       its arguments
     */
    static List<String> command(List<String> jvmOptions, String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Kafka's compression codecs load native code: allowed, without a warning (JDK 17 accepts the option)
        command.add("--enable-native-access=ALL-UNNAMED");
        if (Runtime.version().feature() >= 24) {
            // no warning for sun.misc.Unsafe memory access (JDK 17 refuses this option)
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.add("-Djava.awt.headless=true");
        command.addAll(jvmOptions);
        String more = System.getProperty(OPTIONS_PROPERTY, "").strip();
        if (!more.isEmpty()) {
            command.addAll(Arrays.asList(more.split("\\s+")));
        }
        command.addAll(List.of("-cp", classpath(), mainClass));
        command.addAll(args);
        return command;
    }

    /** This program's classpath: under exec:java it is the class loader's, not java.class.path (Maven's own). */
    static String classpath() {
        Set<String> entries = new LinkedHashSet<>();
        for (ClassLoader cl = ChildJvm.class.getClassLoader(); cl != null; cl = cl.getParent()) {
            if (cl instanceof URLClassLoader urls) {
                for (URL url : urls.getURLs()) {
                    try {
                        entries.add(Path.of(url.toURI()).toString());
                    } catch (URISyntaxException | IllegalArgumentException e) {
                        // not a file: not on a command line either
                    }
                }
            }
        }
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                entries.add(entry);
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
