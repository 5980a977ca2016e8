package dev.learnkafka.testing;

import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * Decides which broker the tests get. Pure logic, so it has tests of its own.
 *
 * <ol>
 *   <li>System property {@code kafka.broker} = {@code external}, {@code container} or {@code embedded} forces a
 *       choice ({@code auto}, the default, lets the rules below decide).</li>
 *   <li>{@code KAFKA_BOOTSTRAP_SERVERS} set and not blank: external.</li>
 *   <li>A Docker engine answers: container.</li>
 *   <li>Otherwise: embedded.</li>
 * </ol>
 */
public final class BrokerChoice {
    /** The system property that forces a choice. */
    public static final String PROPERTY = "kafka.broker";
    /** The environment variable that names an external broker. */
    public static final String BOOTSTRAP_ENV = "KAFKA_BOOTSTRAP_SERVERS";

    private BrokerChoice() {
    }

    /**
     * @param forced           the value of {@code kafka.broker}, or null
     * @param bootstrapServers the value of {@code KAFKA_BOOTSTRAP_SERVERS}, or null
     * @param dockerAvailable  asked only when the answer depends on it (asking Docker takes time)
     * @throws IllegalArgumentException for a forced value that is not a kind, or external forced with no address
     */
    public static BrokerKind decide(String forced, String bootstrapServers, BooleanSupplier dockerAvailable) {
        boolean hasBootstrap = bootstrapServers != null && !bootstrapServers.isBlank();
        String wanted = forced == null || forced.isBlank() ? "auto" : forced.trim().toLowerCase(Locale.ROOT);
        switch (wanted) {
            case "auto":
                if (hasBootstrap) {
                    return BrokerKind.EXTERNAL;
                }
                return dockerAvailable.getAsBoolean() ? BrokerKind.CONTAINER : BrokerKind.EMBEDDED;
            case "external":
                if (!hasBootstrap) {
                    throw new IllegalArgumentException("-D" + PROPERTY + "=external needs " + BOOTSTRAP_ENV
                            + " to name the broker, e.g. localhost:9092.");
                }
                return BrokerKind.EXTERNAL;
            case "container":
                return BrokerKind.CONTAINER;
            case "embedded":
                return BrokerKind.EMBEDDED;
            default:
                throw new IllegalArgumentException("-D" + PROPERTY + "=" + forced
                        + " is not a broker kind: use auto, external, container or embedded.");
        }
    }
}
