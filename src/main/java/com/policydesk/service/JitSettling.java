package com.policydesk.service;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.function.LongSupplier;

/**
 * Tells a warm-up when the JIT compiler has stopped working hard on what it repeats: after that, more rounds cost CPU
 * and make nothing faster. A warm-up calls {@link #settledAfterStep()} at the end of each of its steps; the JIT has
 * settled once it spent less than a given share of two steps in a row compiling. Where the JVM does not report its
 * compile time, it never settles (the warm-up's own limit ends it).
 */
public final class JitSettling {
    private static final int QUIET_STEPS = 2;

    private final LongSupplier compileMillis;
    private final double quietShare;
    private long lastCompileMillis;
    private long lastNanos;
    private int quietInARow;

    /**
     * @param compileMillis the JIT's total compile time so far, in ms (negative where unknown)
     * @param quietShare    compile time per wall-clock time of a step under which that step was quiet
     */
    JitSettling(LongSupplier compileMillis, double quietShare) {
        this.compileMillis = compileMillis;
        this.quietShare = quietShare;
        this.lastCompileMillis = compileMillis.getAsLong();
        this.lastNanos = System.nanoTime();
    }

    /** This JVM's JIT. */
    public static JitSettling ofThisJvm(double quietShare) {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        boolean reported = jit != null && jit.isCompilationTimeMonitoringSupported();
        return new JitSettling(reported ? jit::getTotalCompilationTime : () -> -1, quietShare);
    }

    /** Whether the JIT was quiet during this step and the one before. */
    public boolean settledAfterStep() {
        long nowMillis = compileMillis.getAsLong();
        long nowNanos = System.nanoTime();
        boolean quiet = nowMillis >= 0 && (nowMillis - lastCompileMillis) * 1_000_000.0 < quietShare * (nowNanos - lastNanos);
        quietInARow = quiet ? quietInARow + 1 : 0;
        lastCompileMillis = nowMillis;
        lastNanos = nowNanos;
        return quietInARow >= QUIET_STEPS;
    }
}
