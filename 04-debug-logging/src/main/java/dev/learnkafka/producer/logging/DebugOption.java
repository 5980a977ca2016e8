package dev.learnkafka.producer.logging;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;


/**
 * Reads librdkafka's {@code debug} syntax: {@code all}, or a comma list of contexts ({@code msg,protocol}).
 * An unknown context is a usage error that lists the valid ones.
 */
public final class DebugOption {
    /** Where the option comes from when {@code --debug} is not given. */
    public static final String ENV = "KAFKA_DEBUG";

    private DebugOption() {
    }

    /** @param spec null or blank for no debug output */
    public static Set<DebugContext> parse(String spec) {
        Set<DebugContext> contexts = EnumSet.noneOf(DebugContext.class);
        if (spec == null || spec.isBlank()) {
            return contexts;
        }
        for (String part : spec.split(",")) {
            String name = part.trim().toLowerCase(Locale.ROOT);
            if (name.equals("all")) {
                contexts.addAll(EnumSet.allOf(DebugContext.class));
                continue;
            }
            DebugContext match = Arrays.stream(DebugContext.values())
                    .filter(c -> c.contextName().equals(name))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("Unknown debug context '" + part.trim()
                            + "' (valid: " + validNames() + ")."));
            contexts.add(match);
        }
        return contexts;
    }

    /** all, generic, broker, ... in librdkafka's order. */
    public static String validNames() {
        return "all, " + Arrays.stream(DebugContext.values()).map(DebugContext::contextName)
                .collect(Collectors.joining(", "));
    }
}
