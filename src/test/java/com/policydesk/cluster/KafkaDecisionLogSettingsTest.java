package com.policydesk.cluster;

import com.policydesk.config.PolicyDeskConfig;
import org.junit.jupiter.api.Test;

import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The log on Kafka without brokers stops the start-up with a message naming both settings. */
class KafkaDecisionLogSettingsTest {
    @Test
    void aKafkaSinkWithoutBootstrapServersIsRefusedNamingBothSettings() {
        assertThatThrownBy(() -> KafkaDecisionLog.clients(kafka(Optional.empty(), Map.of())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("policydesk.log.sink=kafka")
                .hasMessageContaining("policydesk.cluster.kafka.bootstrap-servers");
    }

    @Test
    void theOperatorsClientSettingsWinOverTheLogsTuning() {
        Map<String, String> operator = Map.of("compression.type", "zstd");
        KafkaClients clients = KafkaDecisionLog.clients(kafka(Optional.of("localhost:1"), operator));

        var properties = clients.producerProperties("decision-log", KafkaClients.BATCHED);

        assertThat(properties).containsEntry("compression.type", "zstd").containsEntry("linger.ms", "10")
                .containsEntry("acks", "all").containsEntry("enable.idempotence", "true");
    }

    /** The settings as the service reads them, from these properties alone. */
    private static PolicyDeskConfig.Cluster.Kafka kafka(Optional<String> servers, Map<String, String> client) {
        Map<String, String> properties = new HashMap<>();
        servers.ifPresent(value -> properties.put("policydesk.cluster.kafka.bootstrap-servers", value));
        client.forEach((key, value) -> properties.put("policydesk.cluster.kafka.client.\"" + key + "\"", value));
        // Quarkus' own converters: "100ms", "30d", "1G"
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(PolicyDeskConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withConverter(MemorySize.class, 100, new MemorySizeConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 100)).build();
        return config.getConfigMapping(PolicyDeskConfig.class).cluster().kafka();
    }
}
