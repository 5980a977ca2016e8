package dev.learnkafka.producer.errors;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.learnkafka.producer.highlevel.ClientFeatures;
import dev.learnkafka.run.ClientConfigCheck;
import dev.learnkafka.run.CommandLine;
import dev.learnkafka.run.ClusterUnreachableException;
import dev.learnkafka.run.ExitCode;
import dev.learnkafka.run.Outcomes;
import dev.learnkafka.producer.highlevel.ProducerSettings;
import dev.learnkafka.run.StageRunner;
import dev.learnkafka.run.TutorialBroker;
import dev.learnkafka.run.TutorialEnvironment;
import dev.learnkafka.producer.polling.PollingDeliveryReports;
import dev.learnkafka.producer.polling.PollingProducer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 03, the blog's "Add Error monitoring to the Kafka Producer": the stage 02 program (delivery reports
 * drained by a poll thread) plus error listeners ({@code producer.on('event.error', ...)}), the retry settings
 * made explicit, and a summary at the end.
 *
 * <ol>
 *   <li>Print the client's version and find the broker (the run contract of stage 01).</li>
 *   <li>Configure the producer: the base settings plus the ones that govern retries.</li>
 *   <li>Create the polling producer of stage 02 and an error monitor with its listeners.</li>
 *   <li>Wait until the producer is ready; a failure here is an error event too.</li>
 *   <li>Listen for delivery reports; a failed one is an error event as well.</li>
 *   <li>Send value-1..value-N, each with an opaque token; stop early at a fatal error.</li>
 *   <li>Wait for every report (or a fatal error), close, print "Delivered X, failed Y" and exit 0 only if every
 *       message was delivered.</li>
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
        System.exit(StageRunner.main(a -> run(a, TutorialEnvironment.fromSystem()), args));
    }

    static CommandLine commandLine() {
        return new CommandLine("03-error-monitoring",
                "Sends N messages with error listeners and delivery reports, and ends with delivered X, failed Y.")
                .intOption("--messages", "N", "how many messages to send", 5, 1, 1_000_000)
                .intOption("--poll-interval-ms", "MS", "poll for delivery reports every MS milliseconds", 1000, 1,
                        60_000)
                .intOption("--send-interval-ms", "MS", "pause MS milliseconds between two sends, to have time to "
                        + "stop and start the broker during a run", 0, 0, 60_000)
                .option("--fault", "KIND", "none, stop or restart: stop this run's own embedded broker in the middle "
                        + "of the run (restart: and start it again, same port and data)", "none");
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
        long sendIntervalMs = cli.intValue("--send-interval-ms");
        BrokerFault fault = BrokerFault.parse(cli.value("--fault"));
        env = env.checked(log::warn); // bad environment or KAFKA_CLIENT_CONFIG: exit 2 before anything connects

        // step 1: the client, and the broker this run talks to (a configured broker that is down fails fast here)
        log.info("Kafka client version {}", ClientFeatures.detect().version());
        try (TutorialBroker broker = TutorialBroker.connect(env, log::info)) {
            fault.checkPossible(broker); // only a broker this run started can be stopped from here
            // step 2: the base settings, then the retry settings (a KAFKA_CLIENT_CONFIG file still wins)
            Properties props = RetrySettings.apply(ProducerSettings.base(broker.bootstrapServers(), env), env);

            // step 3: stage 02's polling producer, and the error listeners: producer.on('event.error', ...)
            // (Outcomes.watch is the run contract: it counts each message's outcome for the summary)
            Producer<String, String> client = Outcomes.watch(new KafkaProducer<>(props), messages);
            // tag::listeners[]
            try (ErrorMonitor monitor = new ErrorMonitor(client, broker.bootstrapServers(), UNREACHABLE_AFTER);
                 PollingProducer<String, String> producer = PollingProducer.wrap(client)
                         .name(ProducerSettings.CLIENT_ID).build()) {
                monitor.countWaitingWith(producer::unreportedMessages)
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
                // (closing: the producer first, whose last reports reach the monitor, then the monitor)
                return produce(producer, monitor, env.topic(), messages, pollInterval, sendIntervalMs,
                        deliveryTimeoutMs(props), () -> fault.inject(broker, monitor));
            }
        }
    }

    private static int produce(PollingProducer<String, String> producer, ErrorMonitor monitor, String topic,
                               int messages, Duration pollInterval, long sendIntervalMs, long deliveryTimeoutMs,
                               Runnable atMiddle) throws InterruptedException {
        // step 4: ready = the first metadata fetch for our topic; a failure is an error event and ends the run
        try {
            producer.partitionsFor(topic);
            log.info("Producer ready: metadata for {} fetched.", topic);
        } catch (KafkaException e) {
            monitor.metadataFailed(topic, e);
            monitor.check();
            log.info("None of the {} messages was sent: the producer never got ready.", messages);
            return ExitCode.FAILED;
        }

        // step 5: delivery reports, as in stage 02; a failed one is also an error event for the listeners above
        CountDownLatch reported = new CountDownLatch(messages);
        // tag::reports[]
        producer.onDeliveryReport(report -> monitor.deliveryOutcome(report.topic(), report.partition(),
                report.error()));
        producer.onDeliveryReport(report -> {
            if (report.error() != null) {
                log.error("Error delivering message {}: {}", report.opaque(), report.error().toString());
            } else {
                log.info("Delivered message {} to {} partition {} at offset {}", report.opaque(), report.topic(),
                        report.partition(), report.offset());
            }
            reported.countDown();
        });
        producer.setPollInterval(pollInterval);
        // end::reports[]

        // step 6: send; a fatal error (bad credentials, no permission) stops the loop: no endless retry
        // tag::send[]
        int sent = 0;
        for (int i = 1; i <= messages && !monitor.fatalErrorSeen(); i++) {
            if (i == messages / 2 + 1) {
                atMiddle.run(); // --fault: the broker goes down here
            }
            var record = new ProducerRecord<String, String>(topic, null, System.currentTimeMillis(), null,
                    "value-" + i);
            try {
                PollingDeliveryReports.send(producer, record, "opaque::" + i);
                sent++;
            } catch (ClusterUnreachableException e) {
                // the run contract stopped sending: a send timed out, the cluster is gone; the rest is not sent
                log.error("{}", e.getMessage());
                break;
            } catch (KafkaException e) {
                // thrown instead of reported (e.g. the producer was closed): the message was not sent
                log.error("Could not send message opaque::{}: {}", i, e.toString());
                monitor.deliveryOutcome(topic, -1, e);
                break;
            }
            TimeUnit.MILLISECONDS.sleep(sendIntervalMs);
        }
        // end::send[]

        // step 7: every report comes within delivery.timeout.ms; a fatal error ends the wait early
        long deadline = System.nanoTime()
                + TimeUnit.MILLISECONDS.toNanos(deliveryTimeoutMs + 2 * pollInterval.toMillis());
        while (reported.getCount() > messages - sent && !monitor.fatalErrorSeen() && System.nanoTime() < deadline) {
            reported.await(100, TimeUnit.MILLISECONDS);
        }
        // close fails what is still buffered (after a fatal error) and dispatches every report left
        producer.close(monitor.fatalErrorSeen() ? Duration.ZERO : Duration.ofMillis(deliveryTimeoutMs));
        monitor.check(); // the events of the last reports reach the listeners before the summary
        if (monitor.fatalErrorSeen() && sent < messages) {
            log.info("Stopped after a fatal error: {} of {} messages were not sent.", messages - sent, messages);
        }
        // the run contract prints "Delivered X, failed Y, unknown U, not sent Z of N messages." and the exit code
        return ExitCode.OK;
    }

    private static long deliveryTimeoutMs(Properties props) {
        // read as the producer reads it: "40000 " in a KAFKA_CLIENT_CONFIG file is 40000, unset is the default
        return ClientConfigCheck.longInForce(props, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG);
    }
}
