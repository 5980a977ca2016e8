package dev.learnkafka.run;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;

/**
 * Reads producer settings the way the producer itself does, with Kafka's own {@link ConfigDef} for the producer:
 * a setting the producer would reject is found at start, and named, instead of failing later in a stack trace.
 */
public final class ClientConfigCheck {
    private static final ConfigDef PRODUCER = ProducerConfig.configDef();

    private ClientConfigCheck() {
    }

    /**
     * Throws a UsageException for the first value the producer rejects; returns a line naming the settings it does
     * not know (it ignores them), if any. {@code where} names the settings' origin in messages.
     */
    public static Optional<String> check(Properties settings, String where) {
        Map<String, String> given = new TreeMap<>();
        settings.forEach((k, v) -> given.put(k.toString(), v.toString()));
        Map<String, ConfigValue> results = PRODUCER.validateAll(given);
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, String> setting : given.entrySet()) {
            ConfigValue result = results.get(setting.getKey());
            if (result == null) {
                unknown.add(setting.getKey() + suggestion(setting.getKey()));
            } else if (!result.errorMessages().isEmpty()) {
                boolean secret = PRODUCER.configKeys().get(setting.getKey()).type == ConfigDef.Type.PASSWORD;
                throw new UsageException(where + ": " + setting.getKey() + "=" + (secret ? "[hidden]"
                        : setting.getValue()) + ": " + reason(result.errorMessages().get(0), setting.getKey()));
            }
        }
        String what = unknown.size() == 1 ? "a producer setting." : "producer settings.";
        return unknown.isEmpty() ? Optional.empty()
                : Optional.of(where + ": the producer ignores " + String.join(", ", unknown) + ": not " + what);
    }

    /** A number setting in force, parsed as the producer does, or its default ({@code "40000 "} is 40000). */
    public static long longInForce(Properties props, String name) {
        ConfigDef.ConfigKey key = Objects.requireNonNull(PRODUCER.configKeys().get(name),
                () -> name + " is not a producer setting.");
        Object value = props.get(name);
        return ((Number) (value == null ? key.defaultValue : ConfigDef.parseType(name, value, key.type))).longValue();
    }

    /** Kafka says "Invalid value x for configuration y: why"; the caller names x and y already. */
    private static String reason(String message, String name) {
        String why = message.replaceFirst("^Invalid value .* for configuration " + Pattern.quote(name) + ": ", "");
        return why.endsWith(".") ? why : why + ".";
    }

    /** " (did you mean linger.ms?)" for a typo of a producer setting (at most 2 edits away), else "". */
    private static String suggestion(String name) {
        return PRODUCER.names().stream().filter(known -> distance(name, known) < 3)
                .min(Comparator.comparingInt(known -> distance(name, known)))
                .map(known -> " (did you mean " + known + "?)").orElse("");
    }

    /** Levenshtein distance: d[i][j] is the one between the first i characters of a and the first j of b. */
    private static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            for (int j = 0; j <= b.length(); j++) {
                d[i][j] = i == 0 || j == 0 ? i + j : Math.min(Math.min(d[i - 1][j], d[i][j - 1]) + 1,
                        d[i - 1][j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
        }
        return d[a.length()][b.length()];
    }
}
