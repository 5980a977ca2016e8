package dev.learnkafka.producer.polling;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.learnkafka.producer.highlevel.ClientFeatures;
import dev.learnkafka.run.ClientConfigCheck;
import dev.learnkafka.run.CommandLine;
import dev.learnkafka.run.ExitCode;
import dev.learnkafka.run.Outcomes;
import dev.learnkafka.producer.highlevel.ProducerSettings;
import dev.learnkafka.run.StageRunner;
import dev.learnkafka.run.TutorialBroker;
import dev.learnkafka.run.TutorialEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 02, the blog's second version: delivery reports that wait in a queue until the application polls.
 *
 * <ol>
 *   <li>Print the client's version and features, and find the broker (stage 01's run contract).</li>
 *   <li>Create the producer and wrap it: reports go to a queue and carry the value ({@code dr_cb},
 *       {@code dr_msg_cb}).</li>
 *   <li>Wait until it is ready: the first metadata fetch.</li>
 *   <li>Listen for delivery reports ({@code producer.on('delivery-report', ...)}).</li>
 *   <li>Poll for reports every 1000 ms on a poll thread ({@code producer.setPollInterval(1000)}).</li>
 *   <li>Send value-1..value-N, null key, timestamp now, each with the opaque token {@code opaque::i}; when the
 *       queue is full ({@code Local: Queue full}), poll to make room and send again.</li>
 *   <li>Wait until the poll thread has dispatched every report, then close: close dispatches any report still
 *       queued, so every message gets its report.</li>
 * </ol>
 */
public final class PollingDeliveryReports {
    private static final Logger log = LoggerFactory.getLogger(PollingDeliveryReports.class);

    private PollingDeliveryReports() {
    }

    public static void main(String[] args) {
        System.exit(StageRunner.main(a -> run(a, TutorialEnvironment.fromSystem()), args));
    }

    static CommandLine commandLine() {
        return new CommandLine("02-polling-delivery-reports",
                "Sends N messages with an opaque token each; their delivery reports wait in a queue until a poll "
                        + "dispatches them.")
                .intOption("--messages", "N", "how many messages to send", 5, 1, 1_000_000)
                .intOption("--poll-interval-ms", "MS", "poll for delivery reports every MS milliseconds on a poll "
                        + "thread; 0 turns polling off (the reports then come at close)", 1000, 0, 60_000);
    }

    /** The whole stage; returns the exit code. */
    static int run(String[] args, TutorialEnvironment env) throws Exception {
        CommandLine cli = commandLine().parse(args);
        if (cli.helpRequested()) {
            System.out.print(cli.usage());
            return ExitCode.OK;
        }
        int messages = cli.intValue("--messages");
        Duration pollInterval = Duration.ofMillis(cli.intValue("--poll-interval-ms"));
        env = env.checked(log::warn); // bad environment or KAFKA_CLIENT_CONFIG: exit 2 before anything connects

        // step 1: the client, and the broker this run talks to
        ClientFeatures features = ClientFeatures.detect();
        log.info("Supported features {}", features.featureList());
        log.info("Kafka client version {}", features.version());
        CountDownLatch reported = new CountDownLatch(messages);
        try (TutorialBroker broker = TutorialBroker.connect(env, log::info)) {
            Properties props = ProducerSettings.base(broker.bootstrapServers(), env);

            // step 2: the producer; its callbacks only queue reports, which carry the value (dr_msg_cb: true).
            // (Outcomes.watch is the run contract: it counts each message's outcome for the summary.)
            // tag::create[]
            try (PollingProducer<String, String> producer =
                         PollingProducer.wrap(Outcomes.watch(new KafkaProducer<String, String>(props), messages))
                                 .name(ProducerSettings.CLIENT_ID)
                                 .reportValues(true)
                                 .build()) {
                // end::create[]

                // step 3: ready = the first metadata fetch for the topic succeeded
                producer.partitionsFor(env.topic());
                log.info("Producer ready: {} at {}.", ProducerSettings.CLIENT_ID, broker.bootstrapServers());

                // step 4: the listener runs on the thread that polls, never on the producer's I/O thread
                // tag::listener[]
                producer.onDeliveryReport(report -> {
                    if (report.error() != null) {
                        log.error("Error delivering message {}: {}", report.opaque(), report.error().toString());
                    } else {
                        log.info("Delivery-report: {}", report.toJson());
                    }
                    reported.countDown();
                });

                // step 5: to receive delivery reports the producer needs to be polled at regular intervals
                producer.setPollInterval(pollInterval); // Duration.ZERO to disable polling
                // end::listener[]

                // step 6: send; each report will carry the message's opaque token
                // tag::send[]
                for (int i = 1; i <= messages; i++) {
                    String value = "value-" + i;
                    String opaqueToken = "opaque::" + i;
                    send(producer, new ProducerRecord<>(env.topic(), null, System.currentTimeMillis(), null, value),
                            opaqueToken);
                }
                // end::send[]
                log.info("Sent {} messages; their reports wait in the queue for the next poll.", messages);

                // step 7: wait for the poll thread to dispatch them; close() below dispatches whatever is left
                if (pollInterval.isZero()) {
                    log.info("Polling is off: the reports still queued come when close() dispatches them.");
                } else if (!reported.await(pollInterval.toMillis() + deliveryTimeoutMs(props), TimeUnit.MILLISECONDS)) {
                    log.warn("Not every report arrived in time; closing dispatches those that did.");
                }
            }
            // the run contract prints "Delivered X of N messages." and picks the exit code
            return ExitCode.OK;
        }
    }

    // tag::queue-full[]
    /**
     * Sends, and when the queue is full ("Local: Queue full": as many messages as it holds are in flight or wait
     * for a poll) polls on this thread to make room, then sends again.
     */
    public static void send(PollingProducer<String, String> producer, ProducerRecord<String, String> record,
                            Object opaque) throws InterruptedException {
        while (true) {
            try {
                producer.send(record, opaque);
                return;
            } catch (QueueFullException e) {
                producer.poll(Duration.ofMillis(100)); // dispatches reports here, which frees their slots
            }
        }
    }
    // end::queue-full[]

    private static long deliveryTimeoutMs(Properties props) {
        // read as the producer reads it: "40000 " in a KAFKA_CLIENT_CONFIG file is 40000, unset is the default
        return ClientConfigCheck.longInForce(props, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG);
    }
}
