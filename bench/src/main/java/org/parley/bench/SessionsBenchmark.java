package org.parley.bench;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.concurrent.TimeUnit;
import org.parley.it.MicroNode;

/**
 * What a logged-in session costs a node: heap and resident memory with N sessions logged in, minus the same node
 * idle (the N users registered, nobody online), each measured after a full GC, divided by N. Sessions are real
 * tim logins on the {@link NioLoop} generator; they stay idle while the node is measured.
 *
 * <p>Heap is read twice: live objects ({@code jcmd GC.class_histogram}, whose total counts what survives a full
 * GC) and G1's "used" after {@code jcmd GC.run}; resident memory is {@code VmRSS} from {@code /proc}. Resident memory
 * includes heap the JVM grew into and has not given back, so it is the operator's number, not the object graph's.
 *
 * <p>Properties: {@code sessions.count} (10000), {@code sessions.runs} (3), {@code sessions.target} (the ws URI of a
 * running node; its pid is found by port, or given as {@code node.pid}), {@code sessions.admin-token} (to read the
 * node's device count from {@code /api/cluster}), {@code sessions.node-options} (extra JVM options for the started
 * node, default {@code -Xmx1g}), {@code sessions.login-concurrency} (32), {@code sessions.register-concurrency} (8),
 * {@code sessions.settle} (PT5S, the wait before each measurement), {@code sessions.after-close-wait} (PT0S: if set,
 * one more idle sample that long after the last logout, to tell a leak from memory freed late).
 */
public final class SessionsBenchmark {

    private static final String STARTED_ADMIN_TOKEN = "sessions-bench-admin";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    record Sample(long live, long used, long rss, NodeProcess.Histogram histogram) {
    }

    public static void main(String[] args) throws Exception {
        int count = Integer.getInteger("sessions.count", 10_000);
        int runs = Integer.getInteger("sessions.runs", 3);
        int loginConcurrency = Integer.getInteger("sessions.login-concurrency", 32);
        int registerConcurrency = Integer.getInteger("sessions.register-concurrency", 8);
        Duration settle = Duration.parse(System.getProperty("sessions.settle", "PT5S"));
        String target = System.getProperty("sessions.target", "");
        int exitCode = 0;
        MicroNode started = null;
        try (NioLoop loop = new NioLoop()) {
            URI ws;
            String adminToken;
            if (target.isBlank()) {
                List<String> options = new ArrayList<>(List.of("-Dparley.device.limit=0", "-Dparley.device.type-limit=0",
                        "-Dparley.password.bcrypt-cost=4", "-Dparley.admin.token=" + STARTED_ADMIN_TOKEN));
                options.addAll(List.of(System.getProperty("sessions.node-options", "-Xmx1g").trim().split("\\s+")));
                started = new MicroNode(Path.of(MicroNode.property("parley.testDir"))
                        .resolve("sessions-" + System.currentTimeMillis()), options).start();
                ws = started.wsUri();
                adminToken = STARTED_ADMIN_TOKEN;
                System.out.println("node started with " + options);
            } else {
                ws = URI.create(target);
                adminToken = System.getProperty("sessions.admin-token", "");
            }
            NodeProcess node = NodeProcess.of(ws);
            System.out.printf(Locale.ROOT, "%d sessions against %s (pid %d), %d runs%n", count, ws, node.pid(), runs);
            List<String> names = Logins.names("sess", count);
            Logins.register(ws, names, registerConcurrency);
            // Warm-up: classes loaded, code compiled, pools grown, before the first idle sample.
            int warm = Math.min(500, count);
            Logins.closeAll(Logins.login(loop, List.of(ws), names.subList(0, warm), loginConcurrency));

            Sample firstIdle = null;
            List<Double> livePer = new ArrayList<>();
            List<Double> usedPer = new ArrayList<>();
            List<Double> rssPer = new ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                awaitDevices(ws, adminToken, 0);
                TimeUnit.MILLISECONDS.sleep(settle.toMillis());
                Sample idle = sample(node);
                if (firstIdle == null) {
                    firstIdle = idle;
                } else {
                    System.out.printf(Locale.ROOT, "left on the heap by the %d earlier runs' sessions after they closed:"
                            + " %.1f MiB; %s%n", run - 1, mib(idle.live - firstIdle.live),
                            growth(firstIdle.histogram, idle.histogram, (run - 1) * count));
                }
                List<TimSession> sessions = Logins.login(loop, List.of(ws), names, loginConcurrency);
                awaitDevices(ws, adminToken, count);
                TimeUnit.MILLISECONDS.sleep(settle.toMillis());
                Sample loaded = sample(node);
                int lost = TimSession.UNEXPECTED_CLOSES.get();
                if (run == 1) {
                    System.out.println("what a session holds: " + growth(idle.histogram, loaded.histogram, count));
                }
                Logins.closeAll(sessions);
                livePer.add((loaded.live - idle.live) / (double) count);
                usedPer.add((loaded.used - idle.used) / (double) count);
                rssPer.add((loaded.rss - idle.rss) / (double) count);
                System.out.printf(Locale.ROOT, "run %d/%d: idle live %.1f MiB, used %.1f MiB, RSS %.1f MiB; with %d"
                                + " sessions live %.1f MiB, used %.1f MiB, RSS %.1f MiB; per session: live heap %.0f B,"
                                + " used heap %.0f B, RSS %.0f B; load average %s%s%n", run, runs, mib(idle.live), mib(idle.used),
                        mib(idle.rss), count, mib(loaded.live), mib(loaded.used), mib(loaded.rss),
                        livePer.get(run - 1), usedPer.get(run - 1), rssPer.get(run - 1), Stats.loadAverage(),
                        lost > 0 ? " (" + lost + " sockets closed by the server so far)" : "");
            }
            System.out.printf(Locale.ROOT, "RESULT sessions=%d: per logged-in session %.1f KiB live heap (runs %.1f–%.1f),"
                            + " %.1f KiB used heap after GC.run; RSS %.1f KiB in run 1 (the node growing into it),"
                            + " median %.1f KiB (runs %.1f–%.1f) [median of %d runs]%n",
                    count, kib(Stats.median(livePer)), kib(Stats.percentile(livePer, 0)), kib(Stats.percentile(livePer, 100)),
                    kib(Stats.median(usedPer)), kib(rssPer.get(0)), kib(Stats.median(rssPer)),
                    kib(Stats.percentile(rssPer, 0)), kib(Stats.percentile(rssPer, 100)), livePer.size());
            Duration after = Duration.parse(System.getProperty("sessions.after-close-wait", "PT0S"));
            if (!after.isZero()) {
                // Is what closed sessions leave behind a leak, or freed later (e.g. by timers that keep it alive)?
                TimeUnit.MILLISECONDS.sleep(after.toMillis());
                Sample late = sample(node);
                System.out.printf(Locale.ROOT, "RESULT %s after the last logout: %.1f MiB live heap above the first idle"
                                + " sample (%d sessions closed in all); %s%n", after, mib(late.live - firstIdle.live),
                        runs * count, growth(firstIdle.histogram, late.histogram, runs * count));
            }
        } catch (Exception e) {
            e.printStackTrace();
            exitCode = 1;
        } finally {
            if (started != null) {
                started.stop();
            }
        }
        System.exit(exitCode);
    }

    /** Two full GCs, then live bytes (the histogram's own full GC), G1's used figure and RSS. */
    static Sample sample(NodeProcess node) throws Exception {
        node.fullGc();
        node.fullGc();
        long used = node.heapUsedBytes();
        NodeProcess.Histogram histogram = node.histogram();
        return new Sample(histogram.totalBytes(), used, node.rssBytes(), histogram);
    }

    /** Waits (up to 2 minutes) until the node's directory lists {@code expected} devices; skipped without a token. */
    private static void awaitDevices(URI ws, String adminToken, int expected) throws Exception {
        if (adminToken.isBlank()) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        int devices = -1;
        while (System.nanoTime() < deadline) {
            devices = cluster(ws, adminToken).getInt("localDevices");
            if (devices == expected) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        System.out.println("WARNING: the node lists " + devices + " local devices, expected " + expected);
    }

    /** The node's {@code GET /api/cluster} (local devices, pending pushes, limit refusals, members). */
    static JsonObject cluster(URI ws, String adminToken) throws Exception {
        URI api = URI.create("http://" + ws.getHost() + ":" + ws.getPort() + "/api/cluster");
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(api).header("Authorization", "Bearer " + adminToken)
                .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(api + " answered " + r.statusCode());
        }
        return Json.createReader(new StringReader(r.body())).readObject();
    }

    /** The classes that grew most from {@code before} to {@code after}, in bytes per session. */
    private static String growth(NodeProcess.Histogram before, NodeProcess.Histogram after, int sessions) {
        return "top classes in bytes per session: " + after.grownSince(before, 12).stream()
                .map(e -> String.format(Locale.ROOT, "%s %.0f", e.getKey(), e.getValue() / (double) sessions))
                .collect(Collectors.joining(", "));
    }

    private static double mib(long bytes) {
        return bytes / 1048576.0;
    }

    private static double kib(double bytes) {
        return bytes / 1024.0;
    }

    private SessionsBenchmark() {
    }
}
