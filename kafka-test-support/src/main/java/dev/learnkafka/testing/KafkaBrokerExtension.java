package dev.learnkafka.testing;

import java.util.concurrent.atomic.AtomicBoolean;

import dev.learnkafka.broker.LocalKafka;
import dev.learnkafka.broker.LocalKafkaBuilder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.opentest4j.TestAbortedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands tests a running Kafka broker.
 *
 * <ul>
 *   <li>A {@link KafkaBroker} parameter gets the broker shared by every test class of this JVM (one per Maven
 *       module): chosen once by {@link BrokerChoice}, started on first use, stopped when the JVM's tests end.
 *       Tests isolate themselves by topic ({@link KafkaBroker#uniqueTopic(String)}).</li>
 *   <li>A {@link LocalKafka} parameter annotated {@link PrivateBroker} gets an embedded cluster of its own.</li>
 * </ul>
 */
public final class KafkaBrokerExtension implements ParameterResolver {
    private static final Logger log = LoggerFactory.getLogger(KafkaBrokerExtension.class);
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KafkaBrokerExtension.class);
    private static final AtomicBoolean announced = new AtomicBoolean();

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == KafkaBroker.class
                || (type == LocalKafka.class && parameter.isAnnotated(PrivateBroker.class));
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (Boolean.getBoolean(LocalKafka.QUICK_LOOP_PROPERTY)) {
            throw new ParameterResolutionException(context.getDisplayName() + ": " + LocalKafka.QUICK_LOOP_REFUSAL);
        }
        if (parameter.getParameter().getType() == KafkaBroker.class) {
            return sharedBroker(context);
        }
        PrivateBroker spec = parameter.findAnnotation(PrivateBroker.class).orElseThrow();
        String key = "private-" + parameter.getDeclaringExecutable() + "-" + parameter.getIndex();
        return context.getStore(NAMESPACE)
                .getOrComputeIfAbsent(key, k -> new ClosingLocalKafka(startPrivate(spec)), ClosingLocalKafka.class)
                .kafka();
    }

    /**
     * A test broker's settings: one partition for the consumer groups' offsets instead of Kafka's 50, so that the
     * first group a test reads with waits for one partition's leader, not fifty (about 2 s on this kind of machine).
     */
    static LocalKafkaBuilder forTests(LocalKafkaBuilder builder) {
        return builder.brokerConfig("offsets.topic.num.partitions", "1");
    }

    private static LocalKafka startPrivate(PrivateBroker spec) {
        LocalKafkaBuilder builder = forTests(LocalKafka.builder()).brokers(spec.brokers());
        for (String setting : spec.config()) {
            int eq = setting.indexOf('=');
            if (eq <= 0) {
                throw new ParameterResolutionException("@PrivateBroker config wants key=value, not " + setting);
            }
            builder.brokerConfig(setting.substring(0, eq).trim(), setting.substring(eq + 1).trim());
        }
        return builder.build().start();
    }

    private static KafkaBroker sharedBroker(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent("shared-broker", k -> new SharedBroker(startShared()), SharedBroker.class)
                .broker();
    }

    private static KafkaBroker startShared() {
        String bootstrap = System.getenv(BrokerChoice.BOOTSTRAP_ENV);
        BrokerKind kind = BrokerChoice.decide(System.getProperty(BrokerChoice.PROPERTY), bootstrap,
                ContainerBroker::dockerAvailable);
        KafkaBroker broker = switch (kind) {
            case EXTERNAL -> new ExternalBroker(bootstrap);
            case CONTAINER -> {
                if (!ContainerBroker.dockerAvailable()) {
                    throw new TestAbortedException("-D" + BrokerChoice.PROPERTY + "=container needs "
                            + ContainerBroker.NEEDS + ". No Docker engine answers here: skipped.");
                }
                yield new ContainerBroker();
            }
            case EMBEDDED -> new EmbeddedBroker();
        };
        if (announced.compareAndSet(false, true)) {
            log.info("Tests use {}.", broker.describe());
        }
        return broker;
    }

    /** Closes the shared broker when the root context (the test JVM's run) ends; external brokers stay up. */
    private record SharedBroker(KafkaBroker broker) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            if (broker instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }

    private record ClosingLocalKafka(LocalKafka kafka) implements AutoCloseable {
        @Override
        public void close() {
            kafka.close();
        }
    }
}
