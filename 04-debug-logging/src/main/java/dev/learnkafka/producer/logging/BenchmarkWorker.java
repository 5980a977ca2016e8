package dev.learnkafka.producer.logging;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import dev.learnkafka.producer.highlevel.ProducerSettings;
import dev.learnkafka.run.TutorialEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * One timed run for {@link DebugLoggingBenchmark}, in a JVM of its own because logging settings are per JVM and
 * fixed at the first logger. Arguments: bootstrap servers, topic, messages, debug contexts ("" for none), log file.
 * Prints one line: {@code RESULT <messages> <nanoseconds> <failed> <log bytes> <listener events>}.
 */
final class BenchmarkWorker {
    private static final int WARM_UP = 2_000;
    private static final String VALUE = "x".repeat(100);

    private BenchmarkWorker() {
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String topic = args[1];
        int messages = Integer.parseInt(args[2]);
        Path logFile = Path.of(args[4]);
        // as in the stage: settings first, then the first logger (the producer's), with the listener registered
        LoggingSetup.configure(DebugOption.parse(args[3]), logFile);
        LogTally tally = new LogTally();
        try (LogListeners.Registration listening = LogListeners.register(tally);
             Producer<String, String> producer = new KafkaProducer<>(
                     ProducerSettings.base(bootstrap, TutorialEnvironment.fromSystem()))) {
            producer.partitionsFor(topic);
            sendAll(producer, topic, WARM_UP); // connections, JIT: not timed
            long started = System.nanoTime();
            long failed = sendAll(producer, topic, messages);
            long elapsed = System.nanoTime() - started;
            System.out.println("RESULT " + messages + " " + elapsed + " " + failed + " " + Files.size(logFile)
                    + " " + tally.total());
        }
    }

    /** Sends and waits for every callback; returns how many failed. */
    private static long sendAll(Producer<String, String> producer, String topic, int messages) {
        AtomicLong failed = new AtomicLong();
        for (int i = 0; i < messages; i++) {
            producer.send(new ProducerRecord<>(topic, VALUE), (metadata, e) -> {
                if (e != null) {
                    failed.incrementAndGet();
                }
            });
        }
        producer.flush();
        return failed.get();
    }
}
