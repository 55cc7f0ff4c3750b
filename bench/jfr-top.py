#!/usr/bin/env python3
"""Summarises the CPU samples of a flight recording: `jfr print --events jdk.ExecutionSample` is parsed and
aggregated here (no other tooling needed).

    python3 bench/jfr-top.py recording.jfr [thread-name] [top-n]

Prints the share of samples per thread group (digits in thread names folded), then, for threads whose name
contains thread-name (default "http-thread-pool::http-listener", Payara's request threads): the top frames (where
the CPU was, "self"), the innermost org.parley frames on the stack (which Parley code the samples ran under, "inclusive"), what that Parley frame
called (the library entry that burned the time, e.g. Tyrus or the managed executor), how many samples have some
notable frames anywhere on the stack (ServiceLoader, the managed scheduler, ...), and the top 3-frame stacks.
"""
import collections
import re
import subprocess
import sys


def samples(path):
    out = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "256", path],
                         check=True, capture_output=True, text=True).stdout
    thread, frames, in_stack = None, [], False
    for line in out.splitlines():
        s = line.strip()
        if s.startswith("sampledThread = "):
            m = re.match(r'sampledThread = "(.*)" \(javaThreadId', s)
            thread = m.group(1) if m else s
        elif s.startswith("stackTrace = ["):
            in_stack, frames = True, []
        elif in_stack and s == "]":
            in_stack = False
            yield thread, frames
        elif in_stack and s and s != "...":
            frames.append(re.sub(r"\s+line: \d+$", "", s))


JDK = ("java.", "javax.", "jdk.", "sun.", "com.sun.crypto.")
# Frames worth a line of their own when they show up on a stack (substring match).
MARKERS = ("java.util.ServiceLoader", "java.util.zip.ZipFile.getEntry", "ManagedScheduledExecutorServiceImpl.schedule",
           "TyrusSession.restartIdleTimeoutExecutor", "jakarta.json.Json.create", "ThriftCodec", "jakarta.persistence",
           "com.hazelcast")


def group(thread):
    return re.sub(r"\d+", "N", thread)


def table(title, counter, total, n):
    print(f"\n{title}")
    for key, count in counter.most_common(n):
        print(f"  {100.0 * count / total:5.1f}%  {count:6d}  {key}")


def main():
    path = sys.argv[1]
    prefix = sys.argv[2] if len(sys.argv) > 2 else "http-thread-pool::http-listener"
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 15
    by_group, top, parley, stacks = collections.Counter(), collections.Counter(), collections.Counter(), collections.Counter()
    pairs, marked = collections.Counter(), collections.Counter()
    total = selected = 0
    for thread, frames in samples(path):
        total += 1
        by_group[group(thread)] += 1
        if prefix not in thread or not frames:
            continue
        selected += 1
        top[frames[0]] += 1
        first_parley = next((f for f in frames if f.startswith("org.parley.")), "(no org.parley frame)")
        parley[first_parley] += 1
        at = next((i for i, f in enumerate(frames) if f.startswith("org.parley.")), None)
        if at is None:
            callee = next((f for f in frames if not f.startswith(JDK)), "(JDK only)")
        else:
            callee = frames[at - 1] if at > 0 else "(self)"
        pairs[f"{callee}  <-  {first_parley}"] += 1
        for marker in MARKERS:
            if any(marker in f for f in frames):
                marked[marker] += 1
        stacks[" <- ".join(frames[:3])] += 1
    print(f"{path}: {total} execution samples, {selected} on threads named '*{prefix}*'")
    table("samples per thread group (share of all samples)", by_group, total, 10)
    if selected:
        table(f"top frames on {prefix} threads (self; share of their samples)", top, selected, n)
        table(f"innermost org.parley frame on {prefix} threads (inclusive; share of their samples)", parley, selected, n)
        table(f"what the innermost org.parley frame called (for samples without one: the innermost non-JDK frame)"
              f" on {prefix} threads", pairs, selected, n)
        table(f"samples with these frames anywhere on the stack, on {prefix} threads", marked, selected, len(MARKERS))
        table(f"top 3-frame stacks on {prefix} threads", stacks, selected, 8)


if __name__ == "__main__":
    main()
