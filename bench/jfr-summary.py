#!/usr/bin/env python3
"""Aggregates a JFR recording's samples and lock waits into a text summary (used for bench/profile-*.txt).

    jfr print --stack-depth 64 --events jdk.ExecutionSample rec.jfr > exec.txt
    jfr print --stack-depth 64 --events jdk.JavaMonitorEnter rec.jfr > monitor.txt
    bench/jfr-summary.py exec.txt monitor.txt [top-n]

Execution samples: per thread group (digits in names folded), the top frames (self time), and the share of
samples whose stack contains each component (inclusive) and each org.parley method. Monitor waits: total blocked
time by monitor class and by the org.parley (else first) frame that waited.
"""
import re
import sys
from collections import Counter, defaultdict

# First matching prefix wins; checked against every frame of a stack (inclusive) or the top frame (self).
COMPONENTS = [
    ("bcrypt (password hashing)", ("org.mindrot.", "at.favre.lib.crypto.bcrypt", "org.parley.infrastructure.crypto.BcryptPasswords")),
    ("AES-GCM at-rest sealing", ("org.parley.infrastructure.crypto.AesGcmCipher", "com.sun.crypto.provider.", "javax.crypto.")),
    ("H2 engine", ("org.h2.",)),
    ("PostgreSQL driver", ("org.postgresql.",)),
    ("EclipseLink", ("org.eclipse.persistence.",)),
    ("JTA transactions", ("com.sun.enterprise.transaction.", "com.sun.jts.", "org.glassfish.transaction.")),
    ("JDBC pool / connector", ("com.sun.enterprise.resource.", "com.sun.gjc.", "com.sun.enterprise.connectors.")),
    ("EJB container", ("com.sun.ejb.", "org.glassfish.ejb.")),
    ("CDI (Weld)", ("org.jboss.weld.",)),
    ("class/resource loading", ("java.lang.ClassLoader.", "java.net.URLClassLoader", "jdk.internal.loader.", "java.util.zip.", "java.util.jar.", "java.util.ServiceLoader", "org.glassfish.web.loader.", "com.sun.enterprise.loader.")),
    ("JSON-P / JSON-B", ("jakarta.json.", "org.glassfish.json.", "org.eclipse.parsson.", "org.eclipse.yasson.")),
    ("Hazelcast", ("com.hazelcast.",)),
    ("Tyrus WebSocket", ("org.glassfish.tyrus.",)),
    ("Grizzly I/O", ("org.glassfish.grizzly.",)),
    ("managed executors", ("org.glassfish.enterprise.concurrent.",)),
    ("logging", ("java.util.logging.", "com.sun.enterprise.server.logging.", "fish.payara.logging.")),
    ("Parley protocol codec", ("org.parley.protocol.",)),
    ("Parley code", ("org.parley.",)),
    ("socket I/O (JDK)", ("sun.nio.ch.", "java.net.", "sun.nio.", "java.nio.")),
]

EVENT = re.compile(r"^jdk\.(\w+) \{")
THREAD = re.compile(r'^\s+(?:sampledThread|eventThread) = "(.*)" \(javaThreadId')
FRAME = re.compile(r"^\s{4}(\S.*?)(?: line: \d+)?(?: bci: \d+)?\s*$")
DURATION = re.compile(r"^\s+duration = ([\d.]+) (ns|us|ms|s)\b")
MONITOR = re.compile(r"^\s+monitorClass = (\S+)")
UNIT = {"ns": 1e-6, "us": 1e-3, "ms": 1.0, "s": 1000.0}


def events(path):
    ev = None
    in_stack = False
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if EVENT.match(line):
                ev = {"thread": "?", "frames": [], "ms": 0.0, "monitor": None}
                in_stack = False
                continue
            if ev is None:
                continue
            if line.startswith("}"):
                yield ev
                ev = None
                continue
            m = THREAD.match(line)
            if m:
                ev["thread"] = m.group(1)
                continue
            m = DURATION.match(line)
            if m:
                ev["ms"] = float(m.group(1)) * UNIT[m.group(2)]
                continue
            m = MONITOR.match(line)
            if m:
                ev["monitor"] = m.group(1)
                continue
            if line.strip() == "stackTrace = [":
                in_stack = True
                continue
            if in_stack:
                if line.strip() == "]":
                    in_stack = False
                elif line.strip() != "...":
                    m = FRAME.match(line)
                    if m:
                        ev["frames"].append(m.group(1))


def method(frame):
    """Class.method without the parameter list."""
    return frame.split("(")[0]


def group(thread):
    return re.sub(r"\d+", "N", thread)


# What a sample of a node thread was doing for Parley: the first of these found in its stack (checked in this order).
OPERATIONS = [
    ("append tx (sequence row lock, message + offline entry insert, commit)", ("org.parley.infrastructure.persistence.JpaMessageStore.append", "org.parley.infrastructure.persistence.JpaMessageStore.lambda$append")),
    ("offline-entry delete tx after the device's ack", ("org.parley.infrastructure.persistence.JpaMessageStore.removeOffline", "org.parley.infrastructure.persistence.JpaMessageStore.lambda$removeOffline")),
    ("offline queue read (fetchOffline)", ("org.parley.infrastructure.persistence.JpaMessageStore.pending", "org.parley.application.OfflineService")),
    ("friendship / relation read", ("org.parley.infrastructure.persistence.JpaRelationStore", "org.parley.application.RosterService")),
    ("account exists read", ("org.parley.infrastructure.persistence.JpaAccountStore",)),
    ("session directory lookup (Hazelcast map + JSON decode)", ("org.parley.infrastructure.cluster.SessionDirectory",)),
    ("ack timer scheduling and resend bookkeeping", ("org.parley.interfaces.websocket.Connection.attempt",)),
    ("socket write (echo, push)", ("org.parley.interfaces.websocket.Connection.transmit", "org.parley.interfaces.websocket.Connection.write", "org.parley.interfaces.websocket.Connection.send")),
    ("other Parley frame handling", ("org.parley.",)),
    ("Tyrus/Grizzly without Parley frames (reads, control frames, idle timer)", ("org.glassfish.tyrus.", "org.glassfish.grizzly.")),
    ("Hazelcast internals", ("com.hazelcast.",)),
    ("H2 background writer", ("org.h2.mvstore.FileStore$BackgroundWriterThread",)),
]


def operation(frames):
    for name, prefixes in OPERATIONS:
        if any(f.startswith(prefixes) for f in frames):
            return name
    return "other"


def owner(frames):
    """The component of the first frame that is not the JDK's: who the sample's time is spent for."""
    for f in frames:
        c = component(f)
        if c not in ("JDK / other", "socket I/O (JDK)"):
            return c
    return component(frames[0]) if frames else "?"


def component(frame):
    for name, prefixes in COMPONENTS:
        if frame.startswith(prefixes):
            return name
    return "JDK / other"


def pct(n, total):
    return f"{100.0 * n / total:5.1f} %" if total else "  n/a"


def exec_summary(path, top):
    samples = list(events(path))
    total = len(samples)
    out = [f"== CPU samples (jdk.ExecutionSample): {total} samples", ""]
    by_group = Counter(group(s["thread"]) for s in samples)
    out.append("Samples by thread (digits folded to N):")
    for g, n in by_group.most_common(top):
        out.append(f"  {pct(n, total)}  {n:6d}  {g}")
    out.append("")
    listener = [s for s in samples if "http-listener" in s["thread"]]
    for title, subset in (("all threads", samples), ("http-listener threads", listener)):
        n = len(subset)
        out.append(f"-- {title}: {n} samples")
        out.append("Self time by component (top frame):")
        for c, k in Counter(component(s["frames"][0]) for s in subset if s["frames"]).most_common():
            out.append(f"  {pct(k, n)}  {c}")
        out.append("Self time by component, JDK frames charged to their nearest non-JDK caller:")
        for c, k in Counter(owner(s["frames"]) for s in subset if s["frames"]).most_common():
            out.append(f"  {pct(k, n)}  {c}")
        out.append("By Parley operation (first match in the stack, in a fixed order), split by owner component:")
        ops = Counter(operation(s["frames"]) for s in subset)
        split = defaultdict(Counter)
        for s in subset:
            split[operation(s["frames"])][owner(s["frames"])] += 1
        for op, k in ops.most_common():
            parts = ", ".join(f"{c} {100.0 * v / n:.1f}" for c, v in split[op].most_common(5))
            out.append(f"  {pct(k, n)}  {op}   [{parts}]")
        out.append("Inclusive by component (stack contains it):")
        inc = Counter()
        for s in subset:
            inc.update({component(f) for f in s["frames"]})
        for c, k in inc.most_common():
            out.append(f"  {pct(k, n)}  {c}")
        out.append(f"Top {top} frames (self):")
        for f, k in Counter(method(s["frames"][0]) for s in subset if s["frames"]).most_common(top):
            out.append(f"  {pct(k, n)}  {f}")
        out.append(f"Top {top} org.parley methods (inclusive):")
        pm = Counter()
        for s in subset:
            pm.update({method(f) for f in s["frames"] if f.startswith("org.parley.")})
        for f, k in pm.most_common(top):
            out.append(f"  {pct(k, n)}  {f}")
        out.append("")
    return out


def monitor_summary(path, top):
    waits = list(events(path))
    total_ms = sum(w["ms"] for w in waits)
    out = [f"== Lock waits (jdk.JavaMonitorEnter, each >= the recording's threshold): {len(waits)} waits,"
           f" {total_ms / 1000:.1f} s blocked in total", ""]
    by_class = defaultdict(lambda: [0, 0.0])
    by_site = defaultdict(lambda: [0, 0.0])
    by_group = defaultdict(lambda: [0, 0.0])
    for w in waits:
        by_class[w["monitor"]][0] += 1
        by_class[w["monitor"]][1] += w["ms"]
        parley = next((method(f) for f in w["frames"] if f.startswith("org.parley.")), None)
        site = (method(w["frames"][0]) if w["frames"] else "?") + ("  <- " + parley if parley else "")
        by_site[site][0] += 1
        by_site[site][1] += w["ms"]
        by_group[group(w["thread"])][0] += 1
        by_group[group(w["thread"])][1] += w["ms"]
    for title, table in (("monitor class", by_class), ("waiting frame <- first org.parley frame", by_site),
                         ("waiting thread", by_group)):
        out.append(f"By {title} (blocked s, waits):")
        for k, (n, ms) in sorted(table.items(), key=lambda kv: -kv[1][1])[:top]:
            out.append(f"  {ms / 1000:8.1f} s  {n:6d}  {k}")
        out.append("")
    return out


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        sys.exit(2)
    top = int(sys.argv[3]) if len(sys.argv) > 3 else 25
    lines = exec_summary(sys.argv[1], top)
    if len(sys.argv) > 2 and sys.argv[2] != "-":
        lines += monitor_summary(sys.argv[2], top)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
