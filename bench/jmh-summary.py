#!/usr/bin/env python3
"""Summarises JMH's JSON (target/bench/jmh.json): decisions/s per benchmark, bytes allocated per decision (with
-prof gc), and the ratios the README reports. Usage: jmh-summary.py jmh.json [summary.json]"""
import json
import os
import subprocess
import sys

TARGET_ENGINE_OPS = 100_000  # decisions/s, single thread, standard request


def main():
    runs = json.load(open(sys.argv[1]))
    rows = {}
    for run in runs:
        name = run["benchmark"].rsplit(".", 1)[-1]
        primary = run["primaryMetric"]
        secondary = run.get("secondaryMetrics", {})
        alloc = secondary.get("gc.alloc.rate.norm", {}).get("score")
        rows[name] = {
            "ops_per_s": round(primary["score"], 1),
            "error_99_9": round(primary["scoreError"], 1) if primary["scoreError"] == primary["scoreError"] else None,
            "unit": primary["scoreUnit"],
            "us_per_op": round(1e6 / primary["score"], 3) if primary["score"] else None,
            "alloc_bytes_per_op": round(alloc) if alloc is not None else None,
            "threads": run["threads"],
            "forks": run["forks"],
            "warmup": f'{run["warmupIterations"]} x {run["warmupTime"]}',
            "measurement": f'{run["measurementIterations"]} x {run["measurementTime"]}',
            "jvm": run.get("vmName", "") + " " + run.get("vmVersion", ""),
        }

    def ratio(a, b):
        if a in rows and b in rows and rows[b]["ops_per_s"]:
            return round(rows[a]["ops_per_s"] / rows[b]["ops_per_s"], 4)
        return None

    def java_version():
        try:
            return subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
        except Exception:
            return None

    summary = {
        "machine": {
            "nproc": os.cpu_count(),
            "mem_total_mb": round(int(next(l.split()[1] for l in open("/proc/meminfo") if l.startswith("MemTotal"))) / 1024),
            "java": java_version(),
            "loadavg_before": os.environ.get("BENCH_LOADAVG_BEFORE"),
            "loadavg_after": os.environ.get("BENCH_LOADAVG_AFTER"),
        },
        "benchmarks": rows,
        "ratios": {
            "engine_over_baseline_standard": ratio("engineStandard", "baselineStandard"),
            "engine_over_baseline_large50": ratio("engineLarge50", "baselineLarge50"),
            "httpPath_over_engine_standard": ratio("httpPathStandard", "engineStandard"),
            "dmnMiss_over_engine_standard": ratio("engineStandardDmnMiss", "engineStandard"),
        },
        "targets": {
            "engine_standard_ops_per_s_min": TARGET_ENGINE_OPS,
            "engine_standard_met": rows.get("engineStandard", {}).get("ops_per_s", 0) >= TARGET_ENGINE_OPS,
        },
    }
    if len(sys.argv) > 2:
        with open(sys.argv[2], "w") as out:
            json.dump(summary, out, indent=2)
            out.write("\n")

    print(f'{"benchmark":<24}{"decisions/s":>14}{"± (99.9%)":>12}{"µs/op":>10}{"B alloc/op":>12}')
    for name in sorted(rows):
        r = rows[name]
        alloc = "" if r["alloc_bytes_per_op"] is None else f'{r["alloc_bytes_per_op"]:,}'
        err = "" if r["error_99_9"] is None else f'{r["error_99_9"]:,.0f}'
        print(f'{name:<24}{r["ops_per_s"]:>14,.0f}{err:>12}{r["us_per_op"]:>10.2f}{alloc:>12}')
    for key, value in summary["ratios"].items():
        if value is not None:
            print(f"{key}: {value} ({1 / value:.1f}x)" if value else f"{key}: {value}")
    t = summary["targets"]
    m = summary["machine"]
    print(f'machine: {m["nproc"]} cores, {m["mem_total_mb"]} MB, {m["java"]}; load average before {m["loadavg_before"]}, after {m["loadavg_after"]}')
    print(f'target engineStandard >= {TARGET_ENGINE_OPS:,} decisions/s: {"met" if t["engine_standard_met"] else "MISSED"}')


if __name__ == "__main__":
    main()
