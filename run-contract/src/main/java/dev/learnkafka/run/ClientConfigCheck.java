package dev.learnkafka.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
     * Checks each setting of {@code settings} against the producer's definition.
     *
     * @param where names the settings' origin in messages, e.g. {@code KAFKA_CLIENT_CONFIG=client.properties}
     * @return one line naming the settings the producer does not know (it ignores them), when there are some
     * @throws UsageException naming the first setting whose value the producer rejects, and why
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
        if (unknown.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(where + ": the producer ignores " + String.join(", ", unknown) + ": "
                + (unknown.size() == 1 ? "not a producer setting." : "not producer settings."));
    }

    /** The value of a producer setting in {@code props}, parsed as the producer parses it, or its default. */
    public static Object valueInForce(Properties props, String name) {
        ConfigDef.ConfigKey key = PRODUCER.configKeys().get(name);
        if (key == null) {
            throw new IllegalArgumentException(name + " is not a producer setting.");
        }
        Object value = props.get(name);
        return value == null ? key.defaultValue : ConfigDef.parseType(name, value, key.type);
    }

    /** A number setting in force, e.g. {@code delivery.timeout.ms} (a value of {@code "40000 "} is 40000). */
    public static long longInForce(Properties props, String name) {
        return ((Number) valueInForce(props, name)).longValue();
    }

    /** Kafka says "Invalid value x for configuration y: why"; the caller names x and y already. */
    private static String reason(String message, String name) {
        String why = message.replaceFirst("^Invalid value .* for configuration " + Pattern.quote(name) + ": ", "");
        return why.endsWith(".") ? why : why + ".";
    }

    /** " (did you mean linger.ms?)" for a typo of a producer setting, else "". */
    private static String suggestion(String name) {
        String best = null;
        int bestDistance = 3;
        for (String known : PRODUCER.names()) {
            int distance = distance(name, known);
            if (distance < bestDistance) {
                best = known;
                bestDistance = distance;
            }
        }
        return best == null ? "" : " (did you mean " + best + "?)";
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
