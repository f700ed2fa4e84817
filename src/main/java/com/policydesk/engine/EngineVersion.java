package com.policydesk.engine;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of Drools this service runs: compiled packages are only valid for the version that made them. */
final class EngineVersion {
    static final String DROOLS = read();

    private EngineVersion() {
    }

    private static String read() {
        try (InputStream in = org.drools.core.impl.KnowledgeBaseImpl.class
                .getResourceAsStream("/META-INF/maven/org.drools/drools-core/pom.properties")) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                return properties.getProperty("version", "unknown");
            }
        } catch (IOException ignored) {
            // fall through to the manifest
        }
        String fromManifest = org.drools.core.impl.KnowledgeBaseImpl.class.getPackage().getImplementationVersion();
        return fromManifest == null ? "unknown" : fromManifest;
    }
}
