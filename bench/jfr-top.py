#!/usr/bin/env python3
"""Summarises the CPU samples (jdk.ExecutionSample) of a JFR recording: where the time goes.

    python3 bench/jfr-top.py recording.jfr [--threads REGEX] [--top N]

Prints, each as a share of all samples (of the threads matched):
  - self time by method (the top frame);
  - self time by component (the top frame's package: Drools, DMN/FEEL, Jackson, Vert.x/Netty, ...);
  - inclusive time of the project's and the engine's entry points (each method counted once per sample);
  - the share of each kind of work (engine phases, request reading, JSON writing, HTTP, ...);
  - the call tree under DecisionEngine.evaluate (or --tree REGEX), --depth levels deep.
Uses `jfr print --json` of the JDK that runs it.
"""
import argparse
import collections
import json
import re
import subprocess
import sys

COMPONENTS = [
    ("policydesk rules (generated)", r"^policydesk\.multichannel\."),
    ("policydesk", r"^com\.policydesk\."),
    ("drools (mvel/compiled rules)", r"^org\.drools\.mvel|^org\.mvel2"),
    ("drools core", r"^org\.drools\."),
    ("kie dmn/feel", r"^org\.kie\.dmn\."),
    ("kie api/internal", r"^org\.kie\."),
    ("jackson", r"^com\.fasterxml\.jackson\."),
    ("vert.x / netty", r"^io\.vertx\.|^io\.netty\."),
    ("quarkus / resteasy / arc", r"^io\.quarkus\.|^org\.jboss\.resteasy\.|^io\.smallrye\."),
    ("micrometer", r"^io\.micrometer\."),
    ("jboss logging", r"^org\.jboss\.log"),
    ("jdk: collections", r"^java\.util\.(?!concurrent|regex)"),
    ("jdk: concurrent", r"^java\.util\.concurrent\."),
    ("jdk: strings/text", r"^java\.lang\.(String|StringBuilder|AbstractStringBuilder|StringLatin1|StringUTF16|StringConcatHelper)|^java\.util\.regex"),
    ("jdk: reflection/invoke", r"^java\.lang\.(reflect|invoke)\.|^jdk\.internal\.reflect"),
    ("jdk: time", r"^java\.time\."),
    ("jdk: other", r"^java\.|^jdk\.|^sun\."),
]

# Where a sample's time goes, by what the stack is doing: the first bucket any of whose patterns matches a frame of
# the sample wins, so the more specific come first.
BUCKETS = [
    ("engine: listeners (EvaluationRecorder)", [r"com\.policydesk\.engine\.EvaluationRecorder"]),
    ("engine: DMN decisions asked by rules", [r"com\.policydesk\.engine\.DmnDecisions\."]),
    ("engine: rule consequences inserting findings", [r"org\.drools\.kiesession\.consequence\.DefaultKnowledgeHelper\.insert"]),
    ("engine: rule consequences (messages, Finding.with, fact handles)", [r"RuleExecutor\.fireActivationEvent$"]),
    ("engine: network evaluation (phreak) while firing", [r"RuleExecutor\.evaluateNetwork"]),
    ("engine: propagating inserted facts", [r"PropagationList\.flush$", r"PropagationEntry"]),
    ("engine: inserting the request's facts", [r"com\.policydesk\.engine\.DecisionEngine\.fire$"]),
    ("engine: session from the pool / new session", [r"RuleSet\.newSession$", r"\.newKieSession$"]),
    ("engine: session dispose / reset", [r"StatefulKnowledgeSessionImpl\.dispose$", r"SessionPool\.release"]),
    ("engine: ordering and de-duplication", [r"com\.policydesk\.engine\.RecommendationOrder\."]),
    ("engine: other", [r"com\.policydesk\.engine\.DecisionEngine\.evaluate$"]),
    ("request reading (RequestReader)", [r"com\.policydesk\.request\."]),
    ("decision id (UUID.randomUUID)", [r"java\.util\.UUID\.randomUUID"]),
    ("response writing (Jackson)", [r"com\.fasterxml\.jackson\."]),
    ("metrics (micrometer)", [r"io\.micrometer\."]),
    ("REST framework (Quarkus REST / RESTEasy Reactive)", [r"org\.jboss\.resteasy\.reactive\.", r"io\.quarkus\.resteasy"]),
    ("HTTP server and I/O (Vert.x, Netty)", [r"io\.vertx\.", r"io\.netty\."]),
    ("JMH harness", [r"org\.openjdk\.jmh\."]),
]

ENTRY_POINTS = [
    r"com\.policydesk\.api\.RecommendationsResource\.recommend",
    r"com\.policydesk\.request\.RequestReader\.read",
    r"com\.policydesk\.service\.DecisionService\.decide",
    r"java\.util\.UUID\.randomUUID",
    r"com\.policydesk\.engine\.DecisionEngine\.evaluate",
    r"com\.policydesk\.engine\.RuleSet\.newSession",
    r"org\.drools\.kiesession\.session\.StatefulKnowledgeSessionImpl\.<init>",
    r"org\.drools\.\S*KieSessionsPool\S*\.newKieSession|org\.drools\.\S*SessionsPool\S*",
    r"org\.drools\.\S*KieBase\S*\.newKieSession",
    r"\.dispose$",
    r"\.insert$",
    r"\.fireAllRules$",
    r"com\.policydesk\.engine\.EvaluationRecorder",
    r"com\.policydesk\.engine\.DmnDecisions\.",
    r"com\.policydesk\.engine\.DmnCatalog\.evaluate$",
    r"org\.kie\.dmn\.core\.impl\.DMNRuntimeImpl\.evaluateByName",
    r"com\.policydesk\.engine\.RecommendationOrder\.",
    r"com\.policydesk\.model\.Finding\.",
    r"com\.policydesk\.api\.DecisionResponse\.of",
    r"com\.fasterxml\.jackson\.databind\.ObjectWriter\.|com\.fasterxml\.jackson\.databind\.ObjectMapper\.write",
    r"org\.jboss\.resteasy\.reactive\.server\.\S*ServerJacksonMessageBodyWriter\S*\.writeResponse|\S*JacksonBasicMessageBodyWriter\S*|\S*FullyFeaturedServerJacksonMessageBodyWriter\S*",
    r"io\.micrometer\.",
]


def seconds_between(a, b):
    """Seconds from ISO time a to ISO time b (as jfr prints them)."""
    from datetime import datetime

    def parse(t):
        t = re.sub(r"(\.\d{6})\d+", r"\1", t)
        return datetime.fromisoformat(t.replace("Z", "+00:00"))
    return (parse(b) - parse(a)).total_seconds()


def frame_name(frame):
    method = frame["method"]
    return method["type"]["name"].replace("/", ".") + "." + method["name"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("recording")
    parser.add_argument("--threads", default=None, help="only threads whose name matches this regex")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--tree", default=r"com\.policydesk\.engine\.DecisionEngine\.evaluate$",
                        help="print the call tree under the outermost frame matching this regex")
    parser.add_argument("--depth", type=int, default=4, help="depth of that tree")
    parser.add_argument("--min-pct", type=float, default=1.0, help="leave out tree nodes under this share")
    parser.add_argument("--skip-s", type=float, default=0.0,
                        help="leave out the samples of the recording's first seconds (the warm-up)")
    args = parser.parse_args()
    raw = subprocess.run(["jfr", "print", "--json", "--stack-depth", "512", "--events", "jdk.ExecutionSample", args.recording],
                         check=True, capture_output=True, text=True).stdout
    events = json.loads(raw)["recording"]["events"]
    thread_filter = re.compile(args.threads) if args.threads else None
    self_by_method = collections.Counter()
    self_by_component = collections.Counter()
    inclusive = collections.Counter()
    by_thread = collections.Counter()
    entry_patterns = [re.compile(p) for p in ENTRY_POINTS]
    tree_pattern = re.compile(args.tree)
    tree = {}
    tree_total = 0
    buckets = collections.Counter()
    bucket_patterns = [(name, [re.compile(p) for p in patterns]) for name, patterns in BUCKETS]
    component_patterns = [(name, re.compile(p)) for name, p in COMPONENTS]
    total = 0
    truncated = 0
    times = [event["values"]["startTime"] for event in events]
    first = min(times) if times else None
    for event in events:
        values = event["values"]
        if args.skip_s and seconds_between(first, values["startTime"]) < args.skip_s:
            continue
        thread = (values.get("sampledThread") or {}).get("javaName") or "?"
        if thread_filter and not thread_filter.search(thread):
            continue
        stack = values.get("stackTrace") or {}
        frames = stack.get("frames") or []
        if not frames:
            continue
        total += 1
        truncated += 1 if stack.get("truncated") else 0
        by_thread[re.sub(r"[-#]?\d+$", "-N", thread)] += 1
        top = frame_name(frames[0])
        self_by_method[top] += 1
        for name, pattern in component_patterns:
            if pattern.search(top):
                self_by_component[name] += 1
                break
        else:
            self_by_component["other"] += 1
        names = {frame_name(f) for f in frames}
        for name, patterns in bucket_patterns:
            if any(p.search(n) for p in patterns for n in names):
                buckets[name] += 1
                break
        else:
            buckets["other"] += 1
        outermost = None
        for i in range(len(frames) - 1, -1, -1):
            if tree_pattern.search(frame_name(frames[i])):
                outermost = i
                break
        if outermost is not None:
            tree_total += 1
            node = tree
            for j in range(outermost - 1, max(outermost - 1 - args.depth, -1), -1):
                child = node.setdefault(frame_name(frames[j]), [0, {}])
                child[0] += 1
                node = child[1]
        for pattern in entry_patterns:
            matched = sorted(n for n in names if pattern.search(n))
            if matched:
                inclusive[pattern.pattern] += 1
    if total == 0:
        print("no execution samples")
        return 1

    def pct(n):
        return f"{100.0 * n / total:5.1f}%"

    print(f"{args.recording}: {total} CPU samples" + (f" ({truncated} truncated stacks)" if truncated else ""))
    print("\nsamples by thread:")
    for name, n in by_thread.most_common(8):
        print(f"  {pct(n)}  {name}")
    print("\nwhere the time goes (by what the stack is doing; first matching bucket):")
    for name, _ in BUCKETS + [("other", None)]:
        if buckets[name]:
            print(f"  {pct(buckets[name])}  {name}")
    print("\nself time by component (top frame):")
    for name, n in self_by_component.most_common():
        print(f"  {pct(n)}  {name}")
    print(f"\nself time by method (top {args.top}):")
    for name, n in self_by_method.most_common(args.top):
        print(f"  {pct(n)}  {name}")
    if tree_total:
        print(f"\ncall tree under {args.tree} (in {pct(tree_total).strip()} of samples; shares of all samples;"
              f" nodes under {args.min_pct}% left out):")

        def show(node, indent):
            for name, (n, children) in sorted(node.items(), key=lambda kv: -kv[1][0]):
                if 100.0 * n / total < args.min_pct:
                    continue
                print(f"  {pct(n)}  {'  ' * indent}{name}")
                show(children, indent + 1)
        show(tree, 0)
    print("\ninclusive time of entry points (share of samples whose stack contains it):")
    for pattern in ENTRY_POINTS:
        if inclusive[pattern]:
            print(f"  {pct(inclusive[pattern])}  {pattern}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
