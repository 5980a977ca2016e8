package dev.learnkafka.producer.flush;

import java.util.Map;

import dev.learnkafka.run.Run;
import dev.learnkafka.testing.InJvmStage;
import dev.learnkafka.testing.StageProcess;

/** Stage 05 run in the test JVM, as {@code main} runs it but without a JVM of its own (tests not about the process). */
final class InJvm {
    private InJvm() {
    }

    static StageProcess.Result run(Map<String, String> env, String... args) throws Exception {
        return InJvmStage.run(() -> Run.run(args, env, FlushDemo.OPTIONS, FlushDemo::run, System.err));
    }
}
