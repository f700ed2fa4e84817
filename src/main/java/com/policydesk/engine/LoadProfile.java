package com.policydesk.engine;

/**
 * Where the time of a load went, for the log: how the rule base was obtained ({@code compiled}, {@code cache},
 * {@code reused}) and in how many milliseconds, and the same for the DMN models.
 */
public record LoadProfile(String drl, long drlMillis, String dmn, long dmnMillis) {
    @Override
    public String toString() {
        return "drl=" + drl + ":" + drlMillis + "ms dmn=" + dmn + ":" + dmnMillis + "ms";
    }
}
