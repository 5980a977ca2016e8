package dev.learnkafka.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class InJvmStageTest {

    @Test
    void shouldCaptureWhatTheRunAndItsThreadsPrintAndNothingElse() throws Exception {
        CountDownLatch runStarted = new CountDownLatch(1);
        CountDownLatch bystanderPrinted = new CountDownLatch(1);
        Thread bystander = new Thread(() -> {
            try {
                runStarted.await(10, TimeUnit.SECONDS);
                System.out.println("another test's line");
                bystanderPrinted.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        bystander.start();

        var result = InJvmStage.run(() -> {
            System.out.println("from the run");
            runStarted.countDown();
            Thread callback = new Thread(() -> System.err.println("from a thread of the run"));
            callback.start();
            callback.join();
            bystanderPrinted.await(10, TimeUnit.SECONDS);
            return 1;
        });
        bystander.join();

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stdout()).isEqualTo("from the run\n");
        assertThat(result.stderr()).isEqualTo("from a thread of the run\n");
    }
}
