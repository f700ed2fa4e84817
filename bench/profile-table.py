#!/usr/bin/env python3
"""Where a decision's CPU goes, from async-profiler's collapsed stacks (bench/profile.sh records them with `threads`,
so each stack starts with its thread's name).

    python3 bench/profile-table.py FILE.collapsed [--cpu-us N] [--top N] [--unclassified N]

Each sample goes to the first part of the work (PARTS, in order) whose thread matches and one of whose patterns
matches a frame of the stack; the table gives each part's share of all samples and, with --cpu-us (the service's CPU
per decision over the same run), its µs per decision. --top lists the hottest leaf frames; --unclassified prints the
most frequent stacks of the catch-all parts, to refine the patterns.
"""
import argparse
import collections
import re

# The threads that decide: the HTTP event loops, and the bulk decisions' workers.
EVENT_LOOP = r"^\[(vert\.x-eventloop|bulk-decisions-worker)"
# (part, thread pattern, frame patterns): the first that matches wins, so the more specific come first.
PARTS = [
    ("log: writer thread (SQLite, JSON)", r"^\[decision-log-writer", [r""]),
    ("log: checkpointer thread (SQLite)", r"^\[decision-log-checkpointer", [r""]),
    ("GC", r"^\[(G1|GC|VM Thread|VM Periodic|Service Thread)", [r""]),  # Serial collects in the VM thread
    ("Kafka: polling the requests (consumer)", r"^\[bulk-decisions ", [r""]),
    ("Kafka: sending the answers (producer)", r"^\[kafka-producer", [r""]),
    ("JIT compilers", r"^\[C[12] CompilerThre", [r""]),
    ("Kafka: handing answers to the producer", EVENT_LOOP, [r"org/apache/kafka/"]),
    ("log: on the event loop", EVENT_LOOP, [r"com/policydesk/service/DecisionLogService\.record", r"com/policydesk/log/"]),
    ("decision id", EVENT_LOOP, [r"com/policydesk/log/DecisionIds"]),
    ("body: parse and validate", EVENT_LOOP, [r"com/policydesk/request/"]),
    ("engine: session set-up", EVENT_LOOP, [r"RuleSet\.newSession", r"newKieSession", r"KieSession.*setGlobal",
                                            r"addEventListener", r"StatefulKnowledgeSessionImpl\.<init>"]),
    ("engine: session dispose", EVENT_LOOP, [r"StatefulKnowledgeSessionImpl\.dispose", r"KieSession.*dispose"]),
    ("engine: DMN", EVENT_LOOP, [r"com/policydesk/engine/DmnDecisions", r"org/kie/dmn/"]),
    ("engine: inserting facts", EVENT_LOOP, [r"StatefulKnowledgeSessionImpl\.insert", r"DecisionEngine\.fire\b.*insert"]),
    ("engine: rule evaluation (fire)", EVENT_LOOP, [r"fireAllRules"]),
    ("engine: recorder, order, other", EVENT_LOOP, [r"com/policydesk/engine/"]),
    # Writing the answer to the socket happens inside the JSON writer's close(): it belongs to HTTP, not to JSON.
    ("HTTP: writing the answer to the socket", EVENT_LOOP, [r"Http1xServerResponse\.end", r"io/netty/channel/[^;]*[Ww]rite"]),
    ("response: JSON", EVENT_LOOP, [r"com/fasterxml/jackson/", r"MessageBodyWriter", r"ServerJackson",
                                    r"com/policydesk/api/ResponseJson", r"com/policydesk/api/DecisionResponseWriter"]),
    ("metrics", EVENT_LOOP, [r"io/micrometer/", r"io/quarkus/micrometer/"]),
    ("REST framework (Quarkus REST)", EVENT_LOOP, [r"org/jboss/resteasy/reactive/", r"io/quarkus/resteasy/"]),
    ("HTTP: reading requests, routing, other I/O", EVENT_LOOP, [r""]),
    ("other threads", r"", [r""]),
]


def classify(frames):
    thread = frames[0]
    stack = ";".join(frames[1:])
    for name, thread_pattern, patterns in PARTS:
        if re.search(thread_pattern, thread) and any(re.search(p, stack) for p in patterns):
            return name
    return "other threads"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("collapsed")
    parser.add_argument("--cpu-us", type=float, help="the service's CPU per decision over the profiled run")
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--unclassified", type=int, default=0)
    args = parser.parse_args()

    parts = collections.Counter()
    leaves = collections.Counter()
    catch_all = collections.Counter()
    total = 0
    for line in open(args.collapsed):
        stack, _, count = line.rstrip("\n").rpartition(" ")
        if not stack:
            continue
        count = int(count)
        frames = stack.split(";")
        part = classify(frames)
        parts[part] += count
        leaves[frames[-1]] += count
        if part in ("HTTP: reading requests, routing, other I/O", "other threads"):
            catch_all[";".join(frames[-6:])] += count
        total += count

    print(f"{'part of the work':42s} {'share':>7s}" + (f" {'µs/decision':>12s}" if args.cpu_us else ""))
    for name, _, _ in PARTS:
        if parts[name]:
            share = parts[name] / total
            print(f"{name:42s} {share:7.1%}" + (f" {share * args.cpu_us:12.1f}" if args.cpu_us else ""))
    print(f"{'all':42s} {1:7.1%}" + (f" {args.cpu_us:12.1f}" if args.cpu_us else "") + f"   ({total} samples)")
    print()
    print("hottest frames (self):")
    for frame, count in leaves.most_common(args.top):
        print(f"  {count / total:6.1%}  {frame[:140]}")
    if args.unclassified:
        print()
        print("most frequent stacks of the catch-all parts (last 6 frames):")
        for stack, count in catch_all.most_common(args.unclassified):
            print(f"  {count / total:6.1%}  {stack[:300]}")


if __name__ == "__main__":
    main()
