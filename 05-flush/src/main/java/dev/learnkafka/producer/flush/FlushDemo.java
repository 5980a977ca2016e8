package dev.learnkafka.producer.flush;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.learnkafka.producer.polling.DeliveryReport;
import dev.learnkafka.producer.polling.PollingProducer;
import dev.learnkafka.run.Run;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 05, the blog's "Using producer.flush()": stage 02's polling producer, flushed with a timeout on a bounded
 * pool of worker threads; the flush dispatches the delivery reports (no poll by the application), and more flushes
 * than workers time out in waves. Steps as on docs/05-flush.md; the run contract ({@link Run}) does the rest.
 */
public final class FlushDemo {
    private static final Logger log = LoggerFactory.getLogger(FlushDemo.class);
    /** The blog's client.id. */
    static final String CLIENT_ID = "demo-producer";

    private FlushDemo() {
    }

    public static void main(String[] args) {
        System.exit(Run.main(args, FlushOptions.commandLine(), FlushDemo::run));
    }

    static int run(Run run) throws Exception {
        // step 1: the options, checked before anything connects; the settings: those of stages 01 and 02, then
        // this stage's (linger.ms, delivery.timeout.ms, ...); this run's broker and your KAFKA_CLIENT_CONFIG on top
        boolean stopBroker = FlushOptions.stopBroker(run);
        Properties settings = new Properties();
        // the blog's client.id; keys and values are Strings, as in stages 01 and 02
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, CLIENT_ID);
        settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        // send() waits at most this long for a topic's metadata (default 60 s: long for a tutorial run)
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        Properties props = run.settings(settings, FlushOptions.layer(run)); // finds the broker
        FlushOptions.logInForce(props);
        int flushes = run.intOption("--flushes");
        int threads = run.intOption("--flush-threads");
        Duration timeout = Duration.ofMillis(run.intOption("--flush-timeout-ms"));

        // step 2: stage 02's producer, no poll interval; and the pool that flushes it (UV_THREADPOOL_SIZE)
        // tag::create[]
        KafkaProducer<String, String> client = new KafkaProducer<>(props); // un-watched: for the ready-check only
        try (PollingProducer<String, String> producer = PollingProducer.wrap(run.watch(client))
                     .name(CLIENT_ID).reportValues(true).build();
             FlushPool pool = new FlushPool(producer, threads)) {
            // end::create[]

            // step 3: the listeners run on the thread that dispatches reports: a flush worker, or close()
            AtomicInteger reported = new AtomicInteger();
            producer.onDeliveryReport(report -> reported.incrementAndGet());
            producer.onDeliveryReport(FlushDemo::logReport);

            // step 4: ready; with --broker stop, fully ready (producer id), then the broker goes away
            client.partitionsFor(run.topic());
            log.info("Producer ready: metadata for {} fetched.", run.topic());
            if (stopBroker && !BrokerOutage.begin(run.broker(), client, run.topic())) {
                return Run.FAILED;
            }

            // step 5: send value-1..value-N; polling stays off, so the reports wait in the queue
            for (int i = 1; i <= run.messages(); i++) {
                producer.sendWhenRoom(new ProducerRecord<>(run.topic(), "value-" + i), "opaque::" + i);
            }

            // step 6: all the flushes at once; each returns at once and calls back later
            log.info("Asking for {} of {} ms each at once; flush threads: {}.",
                    flushes == 1 ? "1 flush" : flushes + " flushes", timeout.toMillis(), threads);
            // tag::flush-all[]
            long origin = System.nanoTime();
            List<FlushReport> reports = new CopyOnWriteArrayList<>();
            CountDownLatch outcomes = new CountDownLatch(flushes);
            for (int i = 1; i <= flushes; i++) {
                // node-rdkafka: producer.flush(2000, (err) => ...); this call returns at once too
                pool.flush(timeout, (report, exception) -> {
                    reports.add(report);
                    log.info("Flush {} started at {} ms and ended at {} ms: {}", report.number(),
                            report.startedMs(origin), report.endedMs(origin), exception == null ? "ok."
                                    : report.timedOut() ? "timed out." : "failed: " + exception.getMessage());
                    outcomes.countDown();
                });
            }
            // a flush ends by its timeout at the latest: the last of ceil(flushes / threads) waves is over by then
            if (!outcomes.await(flushes * timeout.toMillis() + 30_000, TimeUnit.MILLISECONDS)) {
                log.warn("Some flushes have no outcome long after their timeouts.");
            }
            // end::flush-all[]

            // step 7: the timeline: when each flush waited, ran, and ended
            FlushTimeline.print(reports, origin);

            // step 8: close: each message still waiting gets its report, delivered or expired (delivery.timeout.ms)
            if (reported.get() < run.messages()) {
                log.info("{} of {} messages still wait in the producer; closing it waits until each one is "
                        + "delivered or expires, and dispatches their reports.", run.messages() - reported.get(),
                        run.messages());
            }
        }
        return Run.OK; // the run contract prints "Delivered X of N messages." and picks the exit code
    }

    private static void logReport(DeliveryReport<String, String> report) {
        if (report.delivered()) {
            log.info("Delivered {} to {} partition {} at offset {}", report.value(), report.topic(),
                    report.partition(), report.offset());
        } else {
            log.error("Could not deliver {}: {}", report.value(), report.error().toString());
        }
    }
}
