package dev.learnkafka.producer.polling;

import java.time.Duration;
import java.util.Properties;

import dev.learnkafka.run.CommandLine;
import dev.learnkafka.run.Run;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 02, the blog's second version: delivery reports that wait in a queue until the application polls.
 *
 * <ol>
 *   <li>The settings, as the blog's {@code new Kafka.Producer({...})} lists them.</li>
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
 *
 * The run contract ({@link Run}) does the rest: options, environment, the broker, the summary and the exit code.
 */
public final class PollingDeliveryReportsDemo {
    private static final Logger log = LoggerFactory.getLogger(PollingDeliveryReportsDemo.class);
    /** The blog's client.id. */
    static final String CLIENT_ID = "demo-producer";

    static final CommandLine OPTIONS = Run.options("02-polling-delivery-reports", "Sends N messages with an "
            + "opaque token each; their delivery reports wait in a queue until a poll dispatches them.")
            .intOption("--poll-interval-ms", "MS", "poll for delivery reports every MS milliseconds on a poll "
                    + "thread; 0 turns polling off (the reports then come at close)", 1000, 0, 60_000);

    public static void main(String[] args) {
        System.exit(Run.main(args, OPTIONS, PollingDeliveryReportsDemo::run));
    }

    // tag::lesson[]
    static int run(Run run) throws Exception {
        // step 1: the settings, the blog's new Kafka.Producer({...})
        Properties settings = new Properties();
        // Allows to correlate requests on the broker with this producer (the blog's 'client.id')
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, CLIENT_ID);
        // node-rdkafka sends Buffers; the Java client turns keys and values into bytes with serializers
        settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        // send() and partitionsFor() wait at most this long for metadata (default 60 s: long for a tutorial run)
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        // 'dr_cb': true has no Java setting: every send() can take a callback, and PollingProducer passes one
        // 'bootstrap.servers': this run's broker; your own KAFKA_CLIENT_CONFIG settings on top
        Properties props = run.settings(settings);

        // step 2: the producer; its callbacks only queue reports, which carry the value (dr_msg_cb: true)
        try (PollingProducer<String, String> producer =
                     PollingProducer.wrap(run.watch(new KafkaProducer<String, String>(props)))
                             .name(CLIENT_ID)
                             .reportValues(true)
                             .build()) {
            // step 3: ready = the first metadata fetch for the topic succeeded
            producer.partitionsFor(run.topic());
            log.info("Producer ready: {} at {}.", CLIENT_ID, run.bootstrapServers());

            // step 4: the listener runs on the thread that polls, never on the producer's I/O thread
            producer.onDeliveryReport(report -> {
                if (report.error() != null) {
                    log.error("Error delivering message {}: {}", report.opaque(), report.error().toString());
                } else {
                    log.info("Delivery-report: {}", report.toJson());
                }
            });

            // step 5: to receive delivery reports the producer needs to be polled at regular intervals
            Duration pollInterval = Duration.ofMillis(run.intOption("--poll-interval-ms"));
            producer.setPollInterval(pollInterval); // Duration.ZERO to disable polling

            // step 6: send; each report will carry the message's opaque token
            for (int i = 1; i <= run.messages(); i++) {
                String value = "value-" + i;
                String opaqueToken = "opaque::" + i;
                producer.sendWhenRoom(new ProducerRecord<>(run.topic(), null, System.currentTimeMillis(), null,
                        value), opaqueToken); // when the queue is full: poll, then send again
            }
            log.info("Sent {} messages; their reports wait in the queue for the next poll.", run.messages());

            // step 7: wait for the poll thread to dispatch them; close() dispatches whatever is left
            if (pollInterval.isZero()) {
                log.info("Polling is off: the reports still queued come when close() dispatches them.");
            } else if (!producer.awaitReports(pollInterval.plusMillis(deliveryTimeoutMs(props)))) {
                log.warn("Not every report arrived in time; closing dispatches those that did.");
            }
        } // the run contract prints "Delivered X of N messages." and picks the exit code
        return Run.OK;
    }
    // end::lesson[]

    private static long deliveryTimeoutMs(Properties props) {
        // read as the producer reads it: "40000 " in a KAFKA_CLIENT_CONFIG file is 40000, unset is the default
        return Run.setting(props, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG);
    }
}
