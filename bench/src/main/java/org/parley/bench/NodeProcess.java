package org.parley.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A node's JVM seen from outside: found by the HTTP port it listens on, inspected with {@code jcmd} (full GC, heap,
 * flight recordings) and {@code /proc} (resident memory). Works for nodes a benchmark started and for nodes started
 * by hand.
 */
final class NodeProcess {

    private static final Pattern HISTOGRAM_TOTAL = Pattern.compile("(?m)^Total\\s+(\\d+)\\s+(\\d+)\\s*$");
    private static final Pattern HISTOGRAM_ROW = Pattern.compile("(?m)^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");
    private static final Pattern HEAP_USED = Pattern.compile("(?m)^\\s*garbage-first heap\\s+total (\\d+)K, used (\\d+)K");
    private static final Pattern VM_RSS = Pattern.compile("(?m)^VmRSS:\\s+(\\d+) kB");
    private static final Pattern THREADS = Pattern.compile("(?m)^Threads:\\s+(\\d+)");

    private final long pid;

    NodeProcess(long pid) {
        this.pid = pid;
    }

    long pid() {
        return pid;
    }

    /**
     * The JVM listening on {@code ws}'s port: {@code -Dnode.pid} if given, else a child of this JVM started with {@code --port <port>}, else whatever
     * {@code ss -ltnp} names as the listener.
     */
    static NodeProcess of(URI ws) throws IOException, InterruptedException {
        String given = System.getProperty("node.pid", "");
        if (!given.isBlank()) {
            return new NodeProcess(Long.parseLong(given.trim()));
        }
        String port = Integer.toString(ws.getPort());
        Optional<ProcessHandle> child = ProcessHandle.current().descendants().filter(p -> {
            List<String> args = List.of(p.info().arguments().orElse(new String[0]));
            int i = args.indexOf("--port");
            return i >= 0 && i + 1 < args.size() && args.get(i + 1).equals(port);
        }).findFirst();
        if (child.isPresent()) {
            return new NodeProcess(child.get().pid());
        }
        String ss = run(List.of("ss", "-ltnpH", "sport = :" + port));
        Matcher m = Pattern.compile("pid=(\\d+)").matcher(ss);
        if (!m.find()) {
            throw new IllegalStateException("no process found listening on port " + port
                    + " (pass its pid with -Dnode.pid=...)");
        }
        return new NodeProcess(Long.parseLong(m.group(1)));
    }

    /** {@code jcmd <pid> GC.run}: a full collection (G1's System.gc()). */
    void fullGc() throws IOException, InterruptedException {
        jcmd("GC.run");
    }

    /** Live objects per class and in total, and jcmd's text. */
    record Histogram(long totalBytes, Map<String, Long> bytesByClass, String text) {

        /** The {@code limit} classes whose live bytes grew most since {@code before}, largest growth first. */
        List<Map.Entry<String, Long>> grownSince(Histogram before, int limit) {
            return bytesByClass.entrySet().stream()
                    .map(e -> Map.entry(e.getKey(), e.getValue() - before.bytesByClass.getOrDefault(e.getKey(), 0L)))
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .limit(limit)
                    .toList();
        }
    }

    /** {@code jcmd <pid> GC.class_histogram}, which runs a full GC first and counts only live objects. */
    Histogram histogram() throws IOException, InterruptedException {
        String out = jcmd("GC.class_histogram");
        Matcher m = HISTOGRAM_TOTAL.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no Total line in the class histogram");
        }
        Map<String, Long> byClass = new HashMap<>();
        Matcher row = HISTOGRAM_ROW.matcher(out);
        while (row.find()) {
            byClass.merge(row.group(3), Long.parseLong(row.group(2)), Long::sum);
        }
        return new Histogram(Long.parseLong(m.group(2)), byClass, out);
    }

    /** The "used" figure of {@code jcmd <pid> GC.heap_info} (G1), in bytes; -1 if it cannot be read. */
    long heapUsedBytes() throws IOException, InterruptedException {
        Matcher m = HEAP_USED.matcher(jcmd("GC.heap_info"));
        return m.find() ? Long.parseLong(m.group(2)) * 1024 : -1;
    }

    /** Resident set size from {@code /proc/<pid>/status}, in bytes. */
    long rssBytes() throws IOException {
        Matcher m = VM_RSS.matcher(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
        if (!m.find()) {
            throw new IllegalStateException("no VmRSS for pid " + pid);
        }
        return Long.parseLong(m.group(1)) * 1024;
    }

    /** The JVM's thread count ({@code Threads:} in {@code /proc/<pid>/status}). */
    int threads() throws IOException {
        Matcher m = THREADS.matcher(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
        if (!m.find()) {
            throw new IllegalStateException("no Threads line for pid " + pid);
        }
        return Integer.parseInt(m.group(1));
    }

    /** Open sockets of every kind (TCP, UDP, Unix): the descriptors in {@code /proc/<pid>/fd} that are sockets. */
    int sockets() throws IOException {
        int n = 0;
        try (var fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds) {
                try {
                    if (Files.readSymbolicLink(fd).toString().startsWith("socket:")) {
                        n++;
                    }
                } catch (IOException closedMeanwhile) {
                    // the descriptor went away while listing
                }
            }
        }
        return n;
    }

    String jcmd(String... command) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of(jcmdBinary(), Long.toString(pid)));
        cmd.addAll(List.of(command));
        return run(cmd);
    }

    private static String jcmdBinary() {
        Path inJdk = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        return Files.isExecutable(inJdk) ? inJdk.toString() : "jcmd";
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(command + " timed out");
        }
        if (p.exitValue() != 0) {
            throw new IOException(command + " failed: " + new String(out, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
