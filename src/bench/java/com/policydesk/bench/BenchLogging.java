package com.policydesk.bench;

import org.jboss.logmanager.LogContext;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The service's log levels (src/main/resources/application.properties: root INFO, org.drools and org.kie WARN),
 * for a JVM without Quarkus. Without them, Drools logs through SLF4J into JBoss LogManager with every level
 * enabled, TRACE included: a decision then formats and buffers thousands of log records, and the engine measures
 * 30 to 100 times slower than it is in the service. Every benchmark fork and the check call this first.
 */
public final class BenchLogging {
    /** Held so that the levels stay set: a logger nobody refers to may be collected with its level. */
    private static List<Logger> configured;

    private BenchLogging() {
    }

    public static synchronized void likeTheService() {
        if (configured != null) {
            return;
        }
        LogContext context = LogContext.getLogContext();
        Logger root = context.getLogger("");
        root.setLevel(Level.INFO);
        Logger drools = context.getLogger("org.drools");
        drools.setLevel(Level.WARNING);
        Logger kie = context.getLogger("org.kie");
        kie.setLevel(Level.WARNING);
        configured = List.of(root, drools, kie);
        if (org.slf4j.LoggerFactory.getLogger("org.drools.core.phreak.SegmentCursor").isDebugEnabled()) {
            throw new IllegalStateException("Drools still logs at DEBUG: the benchmark would measure logging");
        }
    }
}
