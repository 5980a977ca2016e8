package dev.learnkafka.producer.errors;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import dev.learnkafka.producer.polling.PollingProducer;
import dev.learnkafka.run.CommandLine;
import dev.learnkafka.run.Run;
import org.apache.kafka.clients.admin.AdminClientConfig;
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
 *   <li>Send value-1..value-N with opaque tokens; stop at a fatal error or once a send timed out.</li>
 *   <li>Wait for the reports and close.</li>
 * </ol>
 * {@link #sendMessages} is the lesson, plain kafka-clients code and the stage's own classes; the run contract
 * ({@link Run}) hands it the brokers, the topic, {@code --messages} and your settings, prints the summary "Delivered
 * X of N messages." and picks the exit code. {@code --fault stop|restart} is the run's, not the lesson's: the run
 * stops its own embedded broker before message N/2+1 is sent.
 */
public final class ErrorMonitoringDemo {
    // tag::copy[]
    private static final Logger log = LoggerFactory.getLogger(ErrorMonitoringDemo.class);
    /** The blog's client.id. */
    static final String CLIENT_ID = "demo-producer";
    static final Duration UNREACHABLE_AFTER = Duration.ofSeconds(5); // no broker this long: the listeners hear it
    static final Duration CHECK_EVERY = Duration.ofMillis(200); // node-rdkafka's poll interval for events
    // end::copy[]

    static final CommandLine OPTIONS = Run.options("03-error-monitoring",
            "Sends N messages with error listeners and delivery reports; a fatal error stops the run.")
            .intOption("--poll-interval-ms", "MS", "poll for delivery reports every MS milliseconds", 1000, 1, 60_000)
            .intOption("--send-interval-ms", "MS", "pause MS milliseconds between two sends", 0, 0, 60_000)
            .faultOption();

    private ErrorMonitoringDemo() {
    }

    // tag::copy[]
    /** An AutoCloseable whose close() throws nothing. */
    private interface Closing extends AutoCloseable {
        @Override
        void close();
    }
    // end::copy[]

    public static void main(String[] args) {
        System.exit(Run.main(args, OPTIONS, ErrorMonitoringDemo::run));
    }

    static int run(Run run) throws Exception {
        sendMessages(run.bootstrapServers(), run.topic(), run.messages(), run.yourSettings(),
                Duration.ofMillis(run.intOption("--poll-interval-ms")),
                Duration.ofMillis(run.intOption("--send-interval-ms")));
        return Run.OK;
    }

    // tag::copy[]
    // tag::settings[]
    /** Step 1: the settings of stages 01 and 02, then the ones that decide what is retried; yours on top. */
    static Properties producerSettings(String bootstrapServers, Properties yours) {
        Properties props = new Properties();
        // the blog's client.id; keys and values are Strings, as in stages 01 and 02
        props.put(ProducerConfig.CLIENT_ID_CONFIG, CLIENT_ID);
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        // send() waits at most this long for a topic's metadata (default 60 s: long for a tutorial run)
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        // tag::retries[]
        // A message counts as delivered only when every in-sync replica has it
        // (librdkafka acks / request.required.acks)
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        // Retries can neither duplicate nor reorder messages: the broker drops a batch it already has
        // (librdkafka enable.idempotence; needs acks=all and at most 5 requests in flight per connection)
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // Retry a retriable error as often as time allows: time, not a count, bounds retries
        // (librdkafka message.send.max.retries / retries: a count, 2147483647 by default in current librdkafka)
        props.put(ProducerConfig.RETRIES_CONFIG, Integer.MAX_VALUE);
        // The whole budget of a message, retries included; then its callback gets a TimeoutException
        // (librdkafka message.timeout.ms, default 300000; Java's default is 120000: shorter here, so that a
        // tutorial run ends soon after a broker died)
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        // How long one produce or metadata request may go unanswered before it is retried on a new connection
        // (librdkafka request.timeout.ms, default 30000 as in Java, and socket.timeout.ms, default 60000)
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        // Wait this long before retrying a failed request, so a broker that is electing a leader is not hammered
        // (librdkafka retry.backoff.ms; the default, grows up to retry.backoff.max.ms = 1000)
        props.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 100);
        // end::retries[]
        props.putAll(yours); // your own settings on top (a KAFKA_CLIENT_CONFIG file; the tests shorten timeouts)
        return props;
    }
    // end::settings[]
    // end::copy[]

    // tag::lesson[]
    @SuppressWarnings("try") // the resource closing is never used in the body: only its close() matters
    static void sendMessages(String bootstrapServers, String topic, int messages, Properties yours,
                             Duration pollInterval, Duration sendInterval) throws Exception {
        Properties props = producerSettings(bootstrapServers, yours);
        Properties adminProps = new Properties();
        adminProps.putAll(yours); // security settings, if any, apply to Admin too
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);

        // step 2: stage 02's polling producer, and an error monitor that reads the same client
        Producer<String, String> client = new KafkaProducer<>(props);
        try (ErrorMonitor monitor = new ErrorMonitor(client, bootstrapServers, UNREACHABLE_AFTER);
             PollingProducer<String, String> producer = PollingProducer.wrap(client).name(CLIENT_ID).build();
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
                    .askBrokersWith(adminProps) // on a timeout: can a broker not write to its disk?
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
            producer.setPollInterval(pollInterval);

            // step 5: ready = the first metadata fetch; a failure is an error event, and the end of the run
            try {
                producer.partitionsFor(topic);
            } catch (KafkaException e) {
                monitor.metadataFailed(topic, e); // closing the monitor hands it to the listeners
                return;
            }
            log.info("Producer ready: metadata for {} fetched.", topic);

            // step 6: send; a fatal error (a wrong password, no permission) stops the loop: no endless retry
            // tag::send[]
            for (int i = 1; i <= messages && !monitor.fatalErrorSeen(); i++) {
                var record = new ProducerRecord<String, String>(topic, null, System.currentTimeMillis(), null,
                        "value-" + i);
                producer.sendWhenRoom(record, "opaque::" + i); // polls while the queue is full
                // Java's send() blocks up to max.block.ms while the topic's metadata is missing (node-rdkafka's
                // produce() never blocks): once a send timed out, every further one would wait that long
                if (producer.firstTimeout() != null) {
                    log.error("Stopped sending: the cluster did not answer in time ({}); the messages left are "
                            + "not sent.", producer.firstTimeout().getMessage());
                    break;
                }
                TimeUnit.MILLISECONDS.sleep(sendInterval.toMillis());
            }
            // end::send[]

            // step 7: flush() waits until every message has its outcome (within delivery.timeout.ms; after a
            // fatal error the client fails them at once); the poll thread hands out the reports, then close
            producer.flush();
            producer.awaitReports(pollInterval.multipliedBy(2));
        } // closing tells the monitor, the producer closes, and the monitor closes last: the events of the last
          // reports reach the listeners before the summary
    }
    // end::lesson[]
}
