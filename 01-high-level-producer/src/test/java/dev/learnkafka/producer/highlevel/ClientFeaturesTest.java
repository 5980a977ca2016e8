package dev.learnkafka.producer.highlevel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ClientFeaturesTest {

    @Test
    void shouldReportTheClientVersionOnTheClasspath() {
        ClientFeatures features = ClientFeatures.detect();
        assertThat(features.version()).matches("\\d+\\.\\d+\\.\\d+.*").startsWith("4.");
        assertThat(features.commitId()).isNotEqualTo("unknown");
    }

    @Test
    void shouldFindEveryCodecWorkingOnThisRuntime() {
        // kafka-clients brings snappy-java, lz4-java and zstd-jni; their native parts load on Linux x86-64
        assertThat(ClientFeatures.detect().codecs()).containsExactly("gzip", "snappy", "lz4", "zstd");
    }

    @Test
    void shouldListKafkasOwnSaslMechanismsAndTls() {
        ClientFeatures features = ClientFeatures.detect();
        assertThat(features.saslMechanisms()).contains("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512", "OAUTHBEARER");
        assertThat(features.sslProtocols()).contains("TLSv1.2", "TLSv1.3");
        assertThat(features.featureList()).startsWith("gzip,snappy,lz4,zstd,sasl_plain").endsWith(",ssl");
    }

    @Test
    void shouldBindSlf4jSimpleDespiteKafkaClientsAskingForSlf4j17() {
        // kafka-clients declares slf4j-api 1.7.36; the parent POM pins 2.0.x so that slf4j-simple 2.x binds.
        // With 1.7 on the classpath SLF4J would print "No SLF4J providers were found" and log nothing.
        assertThat(LoggerFactory.getILoggerFactory().getClass().getName())
                .isEqualTo("org.slf4j.simple.SimpleLoggerFactory");
    }
}
