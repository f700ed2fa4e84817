package com.policydesk.bench;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The CPU time and the memory one operation of {@link DecisionBenchmark} costs its thread, on a machine that other
 * work shares: JMH's operations per second fall when another process takes the cores, but the thread's own CPU time
 * per operation moves far less (caches shared with the others still cost something). A plain main, one thread.
 *
 * <pre>java -cp target/bench-build/classes:$(cat target/bench-build/jmh.classpath) \
 *     com.policydesk.bench.CpuPerOperation 'engineStandard|httpPathStandard' [warm-up s] [rounds] [round s]</pre>
 *
 * For each benchmark method matched: {@code warm-up} seconds of operations (default 30), then {@code rounds} rounds
 * (default 5) of {@code round} seconds (default 3), each reporting the thread's CPU µs and allocated bytes per
 * operation; then the median of the rounds.
 */
public final class CpuPerOperation {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private CpuPerOperation() {
    }

    public static void main(String[] args) throws Exception {
        Pattern wanted = Pattern.compile(args.length > 0 ? args[0] : "engineStandard");
        int warmupSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int roundSeconds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        DecisionBenchmark benchmark = new DecisionBenchmark();
        benchmark.setUp();
        for (Method method : DecisionBenchmark.class.getMethods()) {
            if (method.isAnnotationPresent(org.openjdk.jmh.annotations.Benchmark.class)
                    && wanted.matcher(method.getName()).find()) {
                measure(benchmark, method, warmupSeconds, rounds, roundSeconds);
            }
        }
    }

    private static void measure(DecisionBenchmark benchmark, Method method, int warmupSeconds, int rounds,
                                int roundSeconds) throws Exception {
        run(benchmark, method, warmupSeconds);
        List<double[]> results = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            double[] result = run(benchmark, method, roundSeconds);
            results.add(result);
            System.out.printf("%-24s round %d: %8.2f µs CPU/op %10.0f B/op (%,d ops)%n", method.getName(), round + 1,
                    result[0], result[1], (long) result[2]);
        }
        System.out.printf("%-24s median:  %8.2f µs CPU/op %10.0f B/op%n", method.getName(),
                median(results, 0), median(results, 1));
    }

    /** Calls the method for this many seconds of the thread's CPU time: {µs CPU per op, bytes per op, ops}. */
    private static double[] run(DecisionBenchmark benchmark, Method method, int seconds) throws Exception {
        long thread = Thread.currentThread().getId();
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        long bytesStart = THREADS.getThreadAllocatedBytes(thread);
        long budget = seconds * 1_000_000_000L;
        long ops = 0;
        Object sink = null;
        while (THREADS.getCurrentThreadCpuTime() - cpuStart < budget) {
            for (int i = 0; i < 100; i++) {
                sink = method.invoke(benchmark);
            }
            ops += 100;
        }
        long cpu = THREADS.getCurrentThreadCpuTime() - cpuStart;
        long bytes = THREADS.getThreadAllocatedBytes(thread) - bytesStart;
        if (sink == null) {
            throw new IllegalStateException(method.getName() + " returned null");
        }
        return new double[]{cpu / 1000.0 / ops, (double) bytes / ops, ops};
    }

    private static double median(List<double[]> results, int index) {
        double[] values = results.stream().mapToDouble(r -> r[index]).toArray();
        Arrays.sort(values);
        return values[values.length / 2];
    }
}
