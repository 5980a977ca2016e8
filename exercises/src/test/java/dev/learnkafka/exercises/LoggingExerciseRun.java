package dev.learnkafka.exercises;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import dev.learnkafka.producer.logging.DebugContext;
import dev.learnkafka.producer.logging.DebugOption;
import dev.learnkafka.producer.logging.LogListeners;
import dev.learnkafka.producer.logging.LoggingSetup;
import dev.learnkafka.run.UsageException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Exercises 7 and 8 in a JVM of their own: slf4j-simple reads its settings once per JVM, before the first logger,
 * so the debug contexts a learner picks only take effect in a fresh JVM. Prints what the test reads, one fact a
 * line: {@code CONTEXTS ...}, {@code LINE ...}, {@code ADDRESS ...}, {@code TODO ...}, {@code BAD-SPEC ...}.
 *
 * <p>Arguments: {@code batch <bootstrap> <topic> <logFile>} or {@code unreachable <address> <logFile>}.
 */
public final class LoggingExerciseRun {
    private LoggingExerciseRun() {
    }

    public static void main(String[] args) throws Exception {
        try {
            if (args[0].equals("batch")) {
                batch(args[1], args[2], Path.of(args[3]));
            } else {
                unreachable(args[1], Path.of(args[2]));
            }
        } catch (UnsupportedOperationException e) {
            System.out.println("TODO " + e.getMessage());
        }
        System.out.flush();
    }

    private static void batch(String bootstrap, String topic, Path logFile) {
        BatchDebug exercise = Exercises.implementation(BatchDebug.class);
        String spec = exercise.debugSpec();
        Set<DebugContext> contexts;
        try {
            contexts = DebugOption.parse(spec);
        } catch (UsageException e) {
            System.out.println("BAD-SPEC " + e.getMessage());
            return;
        }
        System.out.println("CONTEXTS " + contexts.stream().map(DebugContext::contextName).collect(Collectors.joining(",")));
        LoggingSetup.configure(contexts, logFile); // before the first logger of this JVM
        List<String> sink = Collections.synchronizedList(new ArrayList<>());
        try (var registration = LogListeners.register(exercise.batchListener(sink));
             var producer = new KafkaProducer<String, String>(settings(bootstrap, 10_000))) {
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>(topic, "key-" + i, "value-" + i));
            }
            producer.flush();
        }
        synchronized (sink) {
            sink.forEach(line -> System.out.println("LINE " + line.replace('\n', ' ')));
        }
    }

    private static void unreachable(String address, Path logFile) throws InterruptedException {
        UnreachableBrokers exercise = Exercises.implementation(UnreachableBrokers.class);
        LoggingSetup.configure(Set.of(), logFile);
        // the tests' simplelogger.properties keeps the client at ERROR; its connection warnings are the point here
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka.clients.NetworkClient", "warn");
        Set<String> addresses = ConcurrentHashMap.newKeySet();
        try (var registration = LogListeners.register(exercise.listener(addresses));
             var producer = new KafkaProducer<String, String>(settings(address, 1_500))) {
            try {
                producer.partitionsFor("any");
            } catch (org.apache.kafka.common.errors.TimeoutException expected) {
                // nothing listens there: the metadata wait runs out after max.block.ms
            }
            producer.close(Duration.ZERO);
        }
        addresses.forEach(a -> System.out.println("ADDRESS " + a));
    }

    private static Properties settings(String bootstrap, int maxBlockMs) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, maxBlockMs);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "exercise-producer");
        return props;
    }
}
