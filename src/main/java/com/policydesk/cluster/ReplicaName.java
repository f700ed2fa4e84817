package com.policydesk.cluster;

import com.policydesk.config.PolicyDeskConfig;
import org.eclipse.microprofile.config.ConfigProvider;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * This replica's name in the cluster, the same for its status, its Kafka clients and its bulk answers: the one
 * configured ({@code policydesk.cluster.kafka.replica-id}), or the host name and the HTTP port, which tell apart two
 * replicas on one machine as well as two pods.
 */
public final class ReplicaName {
    private ReplicaName() {
    }

    public static String of(PolicyDeskConfig.Cluster.Kafka kafka) {
        return kafka.replicaId().filter(id -> !id.isBlank()).orElseGet(ReplicaName::hostAndPort);
    }

    private static String hostAndPort() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = Optional.ofNullable(System.getenv("HOSTNAME")).orElse("replica");
        }
        int port = ConfigProvider.getConfig().getOptionalValue("quarkus.http.port", Integer.class).orElse(8080);
        return host + ":" + port;
    }
}
