package dev.learnkafka.producer.errors;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import dev.learnkafka.producer.polling.PollingProducer;
import dev.learnkafka.run.ClusterUnreachableException;
import dev.learnkafka.run.CommandLine;
import dev.learnkafka.run.Run;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 03, the blog's "Add Error monitoring to the Kafka Producer": stage 02's program (delivery reports drained
 * by a poll thread) plus error listeners ({@code producer.on('event.error', ...)}) and the retry settings.
 * <ol>
 *   <li>Configure the producer: the settings of stages 01 and 02, then the ones that govern retries.</li>
 *   <li>Create stage 02's polling producer, and an {@link ErrorMonitor} that reads the same client.</li>
 *   <li>Listen for errors and recoveries: the blog's {@code event.error}.</li>
 *   <li>Listen for delivery reports; each outcome goes to the monitor too, so a failed one is an error event.</li>
 *   <li>Wait until the producer is ready; a failure here (no login, no topic) is an error event too.</li>
 *   <li>Send value-1..value-N with opaque tokens; stop at a fatal error or once the cluster stopped answering.</li>
 *   <li>Wait for the reports and close; the run contract prints "Delivered X of N messages." and the exit code.</li>
 * </ol>
 * {@code --fault stop|restart} stops the run's own embedded broker in the middle of the run ({@link BrokerFault}).
 */
public final class ErrorMonitoringDemo {
    private static final Logger log = LoggerFactory.getLogger(ErrorMonitoringDemo.class);
    /** The blog's client.id. */
    static final String CLIENT_ID = "demo-producer";
    static final Duration UNREACHABLE_AFTER = Duration.ofSeconds(5); // no broker this long: the listeners hear it
    static final Duration CHECK_EVERY = Duration.ofMillis(200); // node-rdkafka's poll interval for events

    static final CommandLine OPTIONS = Run.options("03-error-monitoring",
            "Sends N messages with error listeners and delivery reports; a fatal error stops the run.")
            .intOption("--poll-interval-ms", "MS", "poll for delivery reports every MS milliseconds", 1000, 1, 60_000)
            .intOption("--send-interval-ms", "MS", "pause MS milliseconds between two sends", 0, 0, 60_000)
            .option("--fault", "KIND", "none, stop or restart: stop this run's own embedded broker midway "
                    + "(restart: and start it again, same port and data)", "none");

    private ErrorMonitoringDemo() {
    }

    /** An AutoCloseable whose close() throws nothing. */
    private interface Closing extends AutoCloseable {
        @Override
        void close();
    }

    public static void main(String[] args) {
        System.exit(Run.main(args, OPTIONS, ErrorMonitoringDemo::run));
    }

    @SuppressWarnings("try") // the resource closing is never used in the body: only its close() matters
    static int run(Run run) throws Exception {
        BrokerFault fault = BrokerFault.parse(run.option("--fault"));
        fault.checkPossible(run.broker()); // only a broker this run started can be stopped from here
        // step 1: the settings of stages 01 and 02, then the retry settings (RetrySettings); this run's broker and
        // the reader's KAFKA_CLIENT_CONFIG on top
        Properties settings = new Properties();
        // the blog's client.id; keys and values are Strings, as in stages 01 and 02
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, CLIENT_ID);
        settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        // send() waits at most this long for a topic's metadata (default 60 s: long for a tutorial run)
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        Properties props = run.settings(settings, RetrySettings.layer());

        // step 2: stage 02's polling producer, and an error monitor that reads the same client
        Producer<String, String> client = run.watch(new KafkaProducer<>(props)); // the run contract counts outcomes
        try (ErrorMonitor monitor = new ErrorMonitor(client, run.bootstrapServers(), UNREACHABLE_AFTER);
             PollingProducer<String, String> producer = PollingProducer.wrap(client)
                     .name(CLIENT_ID).build();
             // closed first, however the run ends: the connections the producer then closes are not lost ones
             Closing closing = monitor::producerClosing) {
            // tag::listeners[]
            // step 3: the error listeners, producer.on('event.error', ...); they run on the monitor's thread
            monitor.onError(event -> {
                        if (event.fatal()) {
                            log.error("Fatal error {}", event);
                        } else {
                            log.warn("Error {}", event);
                        }
                    })
                    .onRecovery(event -> log.info("Recovered: {}", event.message()))
                    .countWaitingWith(producer::unreportedMessages) // waiting = sent, no report yet
                    .askBrokersWith(run.adminSettings()) // on a timeout: can a broker not write to its disk?
                    .start(CHECK_EVERY);
            // end::listeners[]

            // step 4: delivery reports, as in stage 02; each outcome goes to the monitor too (a failure: an event)
            producer.onDeliveryReport(report -> {
                monitor.deliveryOutcome(report.topic(), report.partition(), report.error());
                if (report.error() != null) {
                    log.error("Error delivering message {}: {}", report.opaque(), report.error().toString());
                } else {
                    log.info("Delivered message {} to {} partition {} at offset {}", report.opaque(),
                            report.topic(), report.partition(), report.offset());
                }
            });
            Duration pollInterval = Duration.ofMillis(run.intOption("--poll-interval-ms"));
            producer.setPollInterval(pollInterval);

            // step 5: ready = the first metadata fetch; a failure is an error event, and the end of the run
            try {
                producer.partitionsFor(run.topic());
            } catch (KafkaException e) {
                monitor.metadataFailed(run.topic(), e); // closing the monitor hands it to the listeners
                return Run.FAILED;
            }
            log.info("Producer ready: metadata for {} fetched.", run.topic());

            // step 6: send; a fatal error (a wrong password, no permission) stops the loop: no endless retry
            // tag::send[]
            for (int i = 1; i <= run.messages() && !monitor.fatalErrorSeen(); i++) {
                if (i == run.messages() / 2 + 1) {
                    fault.inject(run.broker(), monitor); // --fault: the broker goes down here
                }
                var record = new ProducerRecord<String, String>(run.topic(), null, System.currentTimeMillis(), null,
                        "value-" + i);
                try {
                    producer.sendWhenRoom(record, "opaque::" + i); // polls while the queue is full
                } catch (ClusterUnreachableException e) { // a send timed out: the run contract stops sending
                    log.error("{}", e.getMessage());
                    break;
                }
                TimeUnit.MILLISECONDS.sleep(run.intOption("--send-interval-ms"));
            }
            // end::send[]

            // step 7: wait until the poll thread handed out every report (each comes within delivery.timeout.ms;
            // after a fatal error the client fails them at once); then close: after a fatal error close(0) fails at
            // once what the client may still hold
            long deliveryTimeoutMs = Run.setting(props, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG);
            producer.awaitReports(Duration.ofMillis(deliveryTimeoutMs).plus(pollInterval.multipliedBy(2)));
            monitor.producerClosing(); // the connections it closes now are its own: not a CONNECTION_LOST
            producer.close(monitor.fatalErrorSeen() ? Duration.ZERO : Duration.ofMillis(deliveryTimeoutMs));
        } // closing tells the monitor, the producer closes, and the monitor closes last: the events of the last
          // reports reach the listeners before the summary
        return Run.OK; // the run contract prints "Delivered X, failed Y, ... of N messages." and the exit code
    }
}
