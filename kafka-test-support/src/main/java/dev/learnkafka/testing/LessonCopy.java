package dev.learnkafka.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * A stage's lesson, copied out as a reader would copy it, and compiled on its own: the proof that the lesson is
 * plain kafka-clients code. The copy is the main class's package line, its imports except the run contract's,
 * and every {@code // tag::lesson[]} .. {@code // end::lesson[]} block of the file (the page shows them), with the
 * {@code // tag::copy[]} blocks the lesson needs besides (its logger, constants, helpers), in a class of the main's
 * name. It is compiled with {@code javax.tools} against the JDK, kafka-clients, slf4j-api and
 * the class directories (or jars) of the classes given: the stage's own lesson classes and earlier stages'.
 * No class of {@code run-contract} or {@code local-kafka} is on that class path ({@link #classPath} checks).
 */
public final class LessonCopy {
    private static final String RUN_CONTRACT = "dev.learnkafka.run.";

    private final Path mainSource;
    private final List<Path> classPath;

    private LessonCopy(Path mainSource, List<Path> classPath) {
        this.mainSource = mainSource;
        this.classPath = classPath;
    }

    /**
     * @param mainSource the stage's main class, e.g. {@code src/main/java/.../HighLevelProducerDemo.java}
     * @param lessonClasses a class of each class directory the copy may use: the stage's own, earlier stages'
     */
    public static LessonCopy of(Path mainSource, Class<?>... lessonClasses) {
        Set<Path> path = new LinkedHashSet<>();
        path.add(location(org.apache.kafka.clients.producer.KafkaProducer.class));
        path.add(location(org.slf4j.Logger.class));
        for (Class<?> c : lessonClasses) {
            path.add(location(c));
        }
        for (Path p : path) {
            String name = p.toString().replace('\\', '/');
            if (name.contains("run-contract") || name.contains("local-kafka")) {
                throw new IllegalArgumentException("Not a lesson's class path: " + p);
            }
        }
        return new LessonCopy(mainSource, List.copyOf(path));
    }

    private static Path location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<Path> classPath() {
        return classPath;
    }

    /** The copy's source text: package, imports (without the run contract's), the lesson blocks in a class. */
    public String source() {
        List<String> lines = read();
        StringBuilder out = new StringBuilder();
        String className = mainSource.getFileName().toString().replace(".java", "");
        for (String line : lines) {
            if (line.startsWith("package ") || line.startsWith("import ") && !line.contains(RUN_CONTRACT)) {
                out.append(line).append('\n');
            }
        }
        out.append("\nfinal class ").append(className).append(" {\n");
        boolean inside = false;
        int blocks = 0;
        for (String line : lines) {
            String t = line.trim();
            if (t.equals("// tag::lesson[]") || t.equals("// tag::copy[]")) {
                inside = true;
                blocks += t.contains("lesson") ? 1 : 0;
            } else if (t.equals("// end::lesson[]") || t.equals("// end::copy[]")) {
                inside = false;
            } else if (inside) {
                out.append(line).append('\n');
            }
        }
        if (blocks == 0) {
            throw new IllegalStateException("No '// tag::lesson[]' in " + mainSource);
        }
        return out.append("}\n").toString();
    }

    /** The copy's lines of code inside its class: not blank, not only a comment. */
    public long codeLines() {
        String source = source();
        String body = source.substring(source.indexOf("\nfinal class "));
        return body.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("//")
                && !l.startsWith("/*") && !l.startsWith("*")).count() - 2; // the class's own two lines
    }

    /** Compiles the copy; returns javac's errors, one line each, empty when it compiles. */
    public List<String> compile() {
        return compile(className(), source());
    }

    /** Compiles the main class whole, on the same class path: a control, which must fail (it uses the contract). */
    public List<String> compileWholeMain() {
        return compile(className(), String.join("\n", read()));
    }

    private String className() {
        return mainSource.getFileName().toString().replace(".java", "");
    }

    private List<String> compile(String className, String source) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try {
            Path dir = Files.createTempDirectory("lesson-copy");
            Path file = dir.resolve(className + ".java");
            Files.writeString(file, source);
            Path out = Files.createDirectories(dir.resolve("classes"));
            try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
                List<String> options = List.of("-d", out.toString(), "-proc:none", "-implicit:none",
                        "-classpath", String.join(java.io.File.pathSeparator,
                                classPath.stream().map(Path::toString).toList()));
                boolean ok = javac.getTask(new StringWriter(), files, diagnostics, options, null,
                        files.getJavaFileObjects(file)).call();
                List<String> errors = new ArrayList<>();
                for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                    if (d.getKind() == Diagnostic.Kind.ERROR) {
                        errors.add("line " + d.getLineNumber() + ": " + d.getMessage(Locale.ROOT));
                    }
                }
                if (!ok && errors.isEmpty()) {
                    errors.add("javac failed without an error message");
                }
                return errors;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String> read() {
        try {
            return Files.readAllLines(mainSource);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
