package com.policydesk.service;

import com.policydesk.impact.ReplayProgress;

/** A replay of the whole log was asked for while one runs: one at a time (it takes every core). */
public final class ReplayRunningException extends RuntimeException {
    private final transient ReplayProgress.Status running;

    public ReplayRunningException(ReplayProgress.Status running) {
        super("a replay of the whole log (" + running.candidate() + " against " + running.active() + ") is running: "
                + running.decided() + " of " + running.total() + " decisions; cancel it first"
                + " (POST /api/v1/admin/ruleset/impact/cancel) or wait for it");
        this.running = running;
    }

    public ReplayProgress.Status running() {
        return running;
    }
}
