package dev.learnkafka.producer.errors;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.learnkafka.producer.highlevel.CommandLine;
import dev.learnkafka.producer.highlevel.ExitCode;
import dev.learnkafka.producer.highlevel.ProducerSettings;
import dev.learnkafka.producer.highlevel.StageRunner;
import dev.learnkafka.producer.highlevel.TutorialBroker;
import dev.learnkafka.producer.highlevel.TutorialEnvironment;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 03, the blog's "Add Error monitoring to the Kafka Producer": the producer of the earlier stages with
 * error listeners ({@code producer.on('event.error', ...)}), explicit retry settings and a summary at the end.
 *
 * <ol>
 *   <li>Find the broker (the run contract of stage 01).</li>
 *   <li>Configure the producer: the base settings plus the ones that govern retries.</li>
 *   <li>Create the producer and an error monitor with its listeners.</li>
 *   <li>Wait until the producer is ready; a failure here is an error event too.</li>
 *   <li>Send value-1..value-N; each callback reports an offset or an error.</li>
 *   <li>Wait for every outcome, or stop at the first fatal error.</li>
 *   <li>Print the summary (delivered X, failed Y) and exit 0 only if every message was delivered.</li>
 * </ol>
 */
public final class ErrorMonitoringProducer {
    private static final Logger log = LoggerFactory.getLogger(ErrorMonitoringProducer.class);
    /** How long no broker may answer while messages wait before the listeners hear of it. */
    static final Duration UNREACHABLE_AFTER = Duration.ofSeconds(5);
    /** How often the monitor reads the producer's metrics: node-rdkafka's poll interval for events. */
    static final Duration CHECK_EVERY = Duration.ofMillis(200);

    private ErrorMonitoringProducer() {
    }

    public static void main(String[] args) {
        System.exit(StageRunner.run(a -> run(a, TutorialEnvironment.fromSystem()), args, System.err));
    }

    static CommandLine commandLine() {
        return new CommandLine("03-error-monitoring",
                "Sends N messages value-1..value-N with error listeners, and ends with delivered X, failed Y.")
                .option("--messages", "N", "how many messages to send", "5");
    }

    /** The whole stage; returns the exit code. */
    static int run(String[] args, TutorialEnvironment env) throws Exception {
        CommandLine cli = commandLine().parse(args);
        if (cli.helpRequested()) {
            System.out.print(cli.usage());
            return ExitCode.OK;
        }
        int messages = cli.intValue("--messages", 1);
        env.clientConfig(); // a bad KAFKA_CLIENT_CONFIG is a usage error, found before anything connects

        // step 1: the broker this run talks to (a configured broker that does not answer fails fast here)
        try (TutorialBroker broker = TutorialBroker.connect(env, log::info)) {
            // step 2: the base settings, then the retry settings (a KAFKA_CLIENT_CONFIG file still wins)
            Properties props = RetrySettings.apply(ProducerSettings.base(broker.bootstrapServers(), env), env);

            // step 3: the producer, and the error listeners: node-rdkafka's producer.on('event.error', ...)
            try (Producer<String, String> producer = new KafkaProducer<>(props)) {
                // tag::listeners[]
                ErrorMonitor monitor = new ErrorMonitor(producer, broker.bootstrapServers(), UNREACHABLE_AFTER)
                        .onError(event -> {
                            if (event.fatal()) {
                                log.error("Fatal error {}", event);
                            } else {
                                log.warn("Error {}", event);
                            }
                        })
                        .onRecovery(event -> log.info("Recovered: {}", event.message()))
                        .start(CHECK_EVERY);
                // end::listeners[]
                try {
                    return produce(producer, monitor, env.topic(), messages);
                } finally {
                    monitor.close(); // the last events reach the listeners before the summary
                }
            }
        }
    }

    private static int produce(Producer<String, String> producer, ErrorMonitor monitor, String topic, int messages)
            throws InterruptedException {
        // step 4: ready = the first metadata fetch for our topic; a failure is an error event and ends the run
        try {
            producer.partitionsFor(topic);
            log.info("Producer ready: metadata for {} fetched.", topic);
        } catch (KafkaException e) {
            monitor.metadataFailed(topic, e);
            monitor.check();
            log.info("Delivered 0, failed 0 of {} messages: none was sent, the producer never got ready.",
                    messages);
            return ExitCode.FAILED;
        }

        // step 5: send; the monitor counts each message as waiting until its callback runs
        AtomicInteger delivered = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        CountDownLatch outcomes = new CountDownLatch(messages);
        // tag::send[]
        for (int i = 1; i <= messages && !monitor.fatalErrorSeen(); i++) {
            String value = "value-" + i;
            var record = new ProducerRecord<String, String>(topic, null, System.currentTimeMillis(), null, value);
            Callback callback = monitor.track(record, (metadata, exception) -> {
                if (exception == null) {
                    delivered.incrementAndGet();
                    log.info("Delivered {} to {} partition {} at offset {}", value, metadata.topic(),
                            metadata.partition(), metadata.offset());
                } else {
                    failed.incrementAndGet();
                    log.error("Could not deliver {}: {}", value, exception.toString());
                }
                outcomes.countDown();
            });
            try {
                producer.send(record, callback);
            } catch (KafkaException e) {
                callback.onCompletion(null, e); // thrown instead of called back: still exactly one outcome
            }
        }
        // end::send[]

        // step 6: every message gets its outcome within delivery.timeout.ms; a fatal error ends the wait early
        while (!outcomes.await(100, TimeUnit.MILLISECONDS) && !monitor.fatalErrorSeen()) {
            log.debug("{} messages still wait for their outcome.", outcomes.getCount());
        }
        if (monitor.fatalErrorSeen()) {
            producer.close(Duration.ZERO); // fails what is still buffered, so each message still gets an outcome
        }

        // step 7: the summary and the exit code of the run contract
        int notSent = messages - delivered.get() - failed.get();
        log.info("Delivered {}, failed {} of {} messages{}.", delivered.get(), failed.get(), messages,
                notSent > 0 ? " (" + notSent + " not sent after a fatal error)" : "");
        return delivered.get() == messages ? ExitCode.OK : ExitCode.FAILED;
    }
}
