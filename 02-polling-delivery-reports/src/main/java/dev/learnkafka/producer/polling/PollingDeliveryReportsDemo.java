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
 * {@link #sendMessages} is the lesson, plain kafka-clients code; the run contract ({@link Run}) hands it the brokers,
 * the topic, {@code --messages} and your settings, and prints the summary and picks the exit code.
 */
public final class PollingDeliveryReportsDemo {
    // tag::copy[]
    private static final Logger log = LoggerFactory.getLogger(PollingDeliveryReportsDemo.class);
    /** The blog's client.id. */
    static final String CLIENT_ID = "demo-producer";
    // end::copy[]

    static final CommandLine OPTIONS = Run.options("02-polling-delivery-reports", "Sends N messages with an "
            + "opaque token each; their delivery reports wait in a queue until a poll dispatches them.")
            .intOption("--poll-interval-ms", "MS", "poll for delivery reports every MS milliseconds on a poll "
                    + "thread; 0 turns polling off (the reports then come at close)", 1000, 0, 60_000);

    public static void main(String[] args) {
        System.exit(Run.main(args, OPTIONS, PollingDeliveryReportsDemo::run));
    }

    static int run(Run run) throws Exception {
        sendMessages(run.bootstrapServers(), run.topic(), run.messages(), run.yourSettings(),
                Duration.ofMillis(run.intOption("--poll-interval-ms")));
        return Run.OK;
    }

    // tag::lesson[]
    static void sendMessages(String bootstrapServers, String topic, int messages, Properties yours,
                             Duration pollInterval) throws Exception {
        // step 1: the settings, the blog's new Kafka.Producer({...})
        Properties props = new Properties();
        // Allows to correlate requests on the broker with this producer (the blog's 'client.id')
        props.put(ProducerConfig.CLIENT_ID_CONFIG, CLIENT_ID);
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // node-rdkafka sends Buffers; the Java client turns keys and values into bytes with serializers
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        // send() and partitionsFor() wait at most this long for metadata (default 60 s: long for a tutorial run)
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        // 'dr_cb': true has no Java setting: every send() can take a callback, and PollingProducer passes one
        props.putAll(yours); // your own settings on top (a KAFKA_CLIENT_CONFIG file)

        // step 2: the producer; its callbacks only queue reports, which carry the value (dr_msg_cb: true)
        try (PollingProducer<String, String> producer =
                     PollingProducer.wrap(new KafkaProducer<String, String>(props))
                             .name(CLIENT_ID)
                             .reportValues(true)
                             .build()) {
            // step 3: ready = the first metadata fetch for the topic succeeded
            producer.partitionsFor(topic);
            log.info("Producer ready: {} at {}.", CLIENT_ID, bootstrapServers);

            // step 4: the listener runs on the thread that polls, never on the producer's I/O thread
            producer.onDeliveryReport(report -> {
                if (report.error() != null) {
                    log.error("Error delivering message {}: {}", report.opaque(), report.error().toString());
                } else {
                    log.info("Delivery-report: {}", report.toJson());
                }
            });

            // step 5: to receive delivery reports the producer needs to be polled at regular intervals
            producer.setPollInterval(pollInterval); // Duration.ZERO to disable polling

            // step 6: send; each report will carry the message's opaque token
            for (int i = 1; i <= messages; i++) {
                String value = "value-" + i;
                String opaqueToken = "opaque::" + i;
                producer.sendWhenRoom(new ProducerRecord<>(topic, null, System.currentTimeMillis(), null,
                        value), opaqueToken); // when the queue is full: poll, then send again
            }
            log.info("Sent {} messages; their reports wait in the queue for the next poll.", messages);

            // step 7: flush() waits until every message has its outcome (within delivery.timeout.ms), queued as a
            // report; the poll thread dispatches them at its next poll, and close() whatever is left
            producer.flush();
            if (pollInterval.isZero()) {
                log.info("Polling is off: the reports still queued come when close() dispatches them.");
            } else if (!producer.awaitReports(pollInterval.multipliedBy(2))) {
                log.warn("Not every report was dispatched in time; closing dispatches the rest.");
            }
        } // the run contract prints "Delivered X of N messages." and picks the exit code
    }
    // end::lesson[]
}
