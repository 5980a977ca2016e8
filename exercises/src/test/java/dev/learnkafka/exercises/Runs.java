package dev.learnkafka.exercises;

import java.util.List;

/** What the exercise tests share about child JVM runs. */
final class Runs {
    private Runs() {
    }

    /** A starter's TODO in the child JVM becomes the same exception here, so the feedback is the same. */
    static void rethrowTodo(List<String> out) {
        out.stream().filter(l -> l.startsWith("TODO ")).findFirst().ifPresent(l -> {
            throw new UnsupportedOperationException(l.substring(5));
        });
    }
}
