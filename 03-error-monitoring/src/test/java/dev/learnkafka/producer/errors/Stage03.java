package dev.learnkafka.producer.errors;

import java.util.Map;

import dev.learnkafka.run.Run;
import dev.learnkafka.testing.InJvmStage;
import dev.learnkafka.testing.StageProcess;

/** Runs stage 03 in this test JVM (no JVM start): for tests about its exit code and lines, not about a process. */
final class Stage03 {
    private Stage03() {
    }

    /** @param env the run's whole environment: the test JVM's own KAFKA_* variables are not seen */
    static StageProcess.Result inJvm(Map<String, String> env, String... args) throws Exception {
        return InJvmStage.run(() -> Run.run(args, env, ErrorMonitoringDemo.OPTIONS, ErrorMonitoringDemo::run,
                System.err));
    }
}
