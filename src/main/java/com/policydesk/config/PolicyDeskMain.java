package com.policydesk.config;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/** The packaged application's entry point: starts preparing the rules, then boots Quarkus meanwhile. */
@QuarkusMain
public final class PolicyDeskMain {
    /** Quarkus makes the main class a bean: a package-private constructor, as ArC recommends. */
    PolicyDeskMain() {
    }

    public static void main(String... args) {
        EarlyStart.begin();
        Quarkus.run(args);
    }
}
