package org.parley.bench;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.parley.client.TimClient;
import org.parley.it.MicroNode;
import org.parley.it.TestCluster;
import org.parley.it.Users;

/**
 * What online expansion costs the people writing: the sender-side latency of 1:1 messages (send until the echo
 * with its mid, i.e. until the message is stored) before a shard move and while half of all slots move to another
 * shard, on a two-node cluster. One sender writes round-robin to 16 friends, one message in flight (closed loop), so
 * about half of the chats live in moving slots and meet every freeze of their batch.
 */
public final class ExpansionBenchmark {

    private static final int RUNS = 3;
    private static final int WARMUP = 100;
    private static final int BASELINE = 400;
    private static final int FRIENDS = 16;
    private static final int BATCH_SLOTS = 64;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        List<String> options = List.of("-Dparley.device.limit=0", "-Dparley.device.type-limit=0",
                "-Dparley.password.bcrypt-cost=4", "-Dparley.shard.move-batch-slots=" + BATCH_SLOTS);
        try (TestCluster cluster = new TestCluster(2, options, List.of("shard2")).start(2)) {
            cluster.awaitMembers(2, cluster.nodes());
            run(cluster);
        }
        System.exit(0);
    }

    private static void run(TestCluster cluster) throws Exception {
        MicroNode n0 = cluster.node(0);
        Users on0 = new Users(n0.wsUri());
        Users on1 = new Users(cluster.node(1).wsUri());
        String senderName = Users.uniqueName("writer");
        String sender = on0.register(senderName, false);
        List<String> friends = new ArrayList<>();
        for (int i = 0; i < FRIENDS; i++) {
            String name = Users.uniqueName("reader" + i);
            String node = on0.register(name, false);
            on0.befriend(senderName, sender, name, node);
            friends.add(node);
        }
        List<Double> baseP50 = new ArrayList<>();
        List<Double> baseP99 = new ArrayList<>();
        List<Double> moveP50 = new ArrayList<>();
        List<Double> moveP99 = new ArrayList<>();
        List<Double> moveMax = new ArrayList<>();
        List<Double> moveSeconds = new ArrayList<>();
        // Friends stay offline: their messages are stored and queued, which is the write path a move freezes.
        try (TimClient s = on1.login(senderName, sender, false)) {
            int n = 0;
            for (int i = 0; i < WARMUP; i++) {
                send(s, friends.get(n % FRIENDS), "warm-" + n++);
            }
            for (int run = 0; run < RUNS; run++) {
                List<Double> base = new ArrayList<>();
                for (int i = 0; i < BASELINE; i++) {
                    base.add(send(s, friends.get(n % FRIENDS), "base-" + n++));
                }
                // Back and forth: shard1's half goes to shard2, then returns, then goes again.
                String target = run % 2 == 0 ? "shard2" : "shard1";
                long start = System.nanoTime();
                String id = startMove(n0, 2048, 4095, target);
                List<Double> during = new ArrayList<>();
                do {
                    for (int i = 0; i < 20; i++) { // the move's status is polled between rounds, not timed
                        during.add(send(s, friends.get(n % FRIENDS), "move-" + n++));
                    }
                } while (isRunning(n0, id));
                double seconds = (System.nanoTime() - start) / 1e9;
                baseP50.add(Stats.percentile(base, 50));
                baseP99.add(Stats.percentile(base, 99));
                moveP50.add(Stats.percentile(during, 50));
                moveP99.add(Stats.percentile(during, 99));
                moveMax.add(Stats.percentile(during, 100));
                moveSeconds.add(seconds);
                System.out.printf(Locale.ROOT, "run %d: before p50 %.2f ms p99 %.2f ms; during the move (%.1f s, %d messages)"
                                + " p50 %.2f ms p99 %.2f ms max %.1f ms%n", run + 1, baseP50.get(run), baseP99.get(run),
                        seconds, during.size(), moveP50.get(run), moveP99.get(run), moveMax.get(run));
            }
        }
        System.out.printf(Locale.ROOT, "RESULT write latency, median of %d runs: before p50 %.2f ms p99 %.2f ms; while 2048"
                        + " slots move in batches of %d: p50 %.2f ms p99 %.2f ms max %.1f ms; a move took %.1f s%n", RUNS,
                Stats.median(baseP50), Stats.median(baseP99), BATCH_SLOTS, Stats.median(moveP50),
                Stats.median(moveP99), Stats.median(moveMax), Stats.median(moveSeconds));
    }

    /** Milliseconds from send until the echo (the message stored, with its mid) is back. */
    private static double send(TimClient sender, String to, String text) throws Exception {
        long start = System.nanoTime();
        sender.sendMessage(to, text);
        sender.awaitMessage(m -> text.equals(m.getDataString()), java.time.Duration.ofSeconds(30));
        return (System.nanoTime() - start) / 1e6;
    }

    private static String startMove(MicroNode node, int first, int last, String target) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(node.httpUri("/api/admin/shards/moves"))
                .header("Authorization", "Bearer " + TestCluster.ADMIN_TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"firstSlot\":" + first + ",\"lastSlot\":" + last
                        + ",\"target\":\"" + target + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 202) {
            throw new IllegalStateException("move refused: " + r.statusCode() + " " + r.body());
        }
        return json(r.body()).getString("id");
    }

    private static boolean isRunning(MicroNode node, String id) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(node.httpUri("/api/admin/shards/moves/" + id))
                .header("Authorization", "Bearer " + TestCluster.ADMIN_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        String state = json(r.body()).getString("state");
        if (!state.equals("RUNNING") && !state.equals("FINISHED")) {
            throw new IllegalStateException("move " + id + " ended " + r.body());
        }
        return state.equals("RUNNING");
    }

    private static JsonObject json(String body) {
        return Json.createReader(new StringReader(body)).readObject();
    }
}
