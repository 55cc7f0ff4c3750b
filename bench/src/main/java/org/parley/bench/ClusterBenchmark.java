package org.parley.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.parley.client.TimClient;
import org.parley.it.MicroNode;
import org.parley.it.TestCluster;
import org.parley.it.Users;

/**
 * The cluster numbers of docs/benchmarks.md: 1:1 delivery latency when sender and recipient are on the same node
 * and on different nodes (closed loop: one message in flight), and the time from a node's kill -9 until its
 * sessions have left the session directory.
 */
public final class ClusterBenchmark {

    private static final int RUNS = 3;
    private static final int WARMUP = 50;
    private static final int MESSAGES = 300;

    public static void main(String[] args) throws Exception {
        // Production rules (friendship checked on every message), except device limits: the benchmark logs users in
        // right after befriending them, and a re-login that soon is what tim's limit refuses.
        List<String> options = List.of("-Dparley.device.limit=0", "-Dparley.device.type-limit=0",
                "-Dparley.password.bcrypt-cost=4");
        try (TestCluster cluster = new TestCluster(2 + RUNS, options).start(2)) {
            cluster.awaitMembers(2, cluster.nodes());
            latency(cluster);
            directoryCleanup(cluster);
        }
        System.exit(0);
    }

    private static void latency(TestCluster cluster) throws Exception {
        Users on0 = new Users(cluster.node(0).wsUri());
        Users on1 = new Users(cluster.node(1).wsUri());
        String senderName = Users.uniqueName("sender");
        String sameName = Users.uniqueName("same");
        String crossName = Users.uniqueName("cross");
        String sender = on0.register(senderName, false);
        String same = on0.register(sameName, false);
        String cross = on0.register(crossName, false);
        on0.befriend(senderName, sender, sameName, same); // 1:1 messages need friendship by default
        on0.befriend(senderName, sender, crossName, cross);
        Arrivals sameArrivals = new Arrivals();
        Arrivals crossArrivals = new Arrivals();
        try (TimClient s = on0.login(senderName, sender, false);
                TimClient r0 = on0.login(on0.client(false).listener(sameArrivals).build(), sameName, same);
                TimClient r1 = on1.login(on1.client(false).listener(crossArrivals).build(), crossName, cross)) {
            List<Double> sameP50 = new ArrayList<>();
            List<Double> sameP99 = new ArrayList<>();
            List<Double> crossP50 = new ArrayList<>();
            List<Double> crossP99 = new ArrayList<>();
            for (int run = 0; run < RUNS; run++) {
                List<Double> sameMs = new ArrayList<>();
                List<Double> crossMs = new ArrayList<>();
                for (int i = 0; i < WARMUP + MESSAGES; i++) {
                    // Alternate, so both paths see the same machine load.
                    double a = oneMessage(s, same, sameArrivals, "same-" + run + "-" + i);
                    double b = oneMessage(s, cross, crossArrivals, "cross-" + run + "-" + i);
                    if (i >= WARMUP) {
                        sameMs.add(a);
                        crossMs.add(b);
                    }
                }
                sameP50.add(Stats.percentile(sameMs, 50));
                sameP99.add(Stats.percentile(sameMs, 99));
                crossP50.add(Stats.percentile(crossMs, 50));
                crossP99.add(Stats.percentile(crossMs, 99));
                System.out.printf(Locale.ROOT, "run %d: same-node p50 %.2f ms p99 %.2f ms; cross-node p50 %.2f ms p99 %.2f ms%n",
                        run + 1, sameP50.get(run), sameP99.get(run), crossP50.get(run), crossP99.get(run));
            }
            System.out.printf(Locale.ROOT, "RESULT 1:1 latency (median of %d runs of %d messages): same-node p50 %.2f ms, p99 %.2f ms;"
                            + " cross-node p50 %.2f ms, p99 %.2f ms; cross/same p50 ratio %.2f%n",
                    RUNS, MESSAGES, Stats.median(sameP50), Stats.median(sameP99), Stats.median(crossP50),
                    Stats.median(crossP99), Stats.median(crossP50) / Stats.median(sameP50));
        }
    }

    /** Milliseconds from send to the recipient's receive thread. */
    private static double oneMessage(TimClient sender, String to, Arrivals arrivals, String text) throws Exception {
        long start = System.nanoTime();
        sender.sendMessage(to, text);
        long arrived = arrivals.of(text).get(30, TimeUnit.SECONDS);
        return (arrived - start) / 1e6;
    }

    private static void directoryCleanup(TestCluster cluster) throws Exception {
        MicroNode observer = cluster.node(0);
        List<Double> millis = new ArrayList<>();
        for (int run = 0; run < RUNS; run++) {
            cluster.start(1);
            MicroNode victim = cluster.nodes().get(cluster.nodes().size() - 1);
            cluster.awaitMembers(3, List.of(observer));
            String member = TestCluster.memberId(victim);
            Users onVictim = new Users(victim.wsUri());
            List<TimClient> clients = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String name = Users.uniqueName("victim" + i);
                clients.add(onVictim.login(name, onVictim.register(name, false), false));
            }
            TestCluster.awaitCondition(() -> TestCluster.devicesOf(TestCluster.view(observer), member) == 20, "20 devices");
            victim.kill();
            Instant death = Instant.now();
            TestCluster.awaitCondition(() -> TestCluster.devicesOf(TestCluster.view(observer), member) == 0,
                    "the dead node's sessions to leave the directory");
            millis.add((double) Duration.between(death, Instant.now()).toMillis());
            clients.forEach(TimClient::abort);
            cluster.awaitMembers(2, List.of(observer));
            System.out.printf(Locale.ROOT, "run %d: directory cleared %.0f ms after kill -9%n", run + 1, millis.get(run));
        }
        System.out.printf(Locale.ROOT, "RESULT directory cleared after kill -9: median %.0f ms, max %.0f ms over %d runs%n",
                Stats.median(millis), Stats.percentile(millis, 100), RUNS);
    }

    private ClusterBenchmark() {
    }
}
