package org.parley.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.parley.it.Users.WAIT;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.parley.client.Inbound;
import org.parley.client.TimClient;
import org.parley.protocol.TimAck;

/**
 * Three Parley nodes on Payara Micro form one masterless Hazelcast cluster on loopback and share the shard
 * databases (an H2 TCP server run by the test stands in for the PostgreSQL/MariaDB an operator would use).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    static final String ADMIN_TOKEN = "cluster-it-admin";
    static final String ACCOUNT_KEY = "Y2x1c3Rlci1pdC1hY2NvdW50LWtleS1zaGFyZWQtYnktYWxsLW5vZGVz";

    static Server database;
    static Path root;
    static Path postBoot;
    static String clusterName;
    static List<Integer> hazelcastPorts;
    static String memberList;
    static List<MicroNode> nodes = new ArrayList<>();

    @BeforeAll
    static void startCluster() throws Exception {
        root = Files.createDirectories(Path.of(MicroNode.property("parley.testDir")).resolve("cluster-" + System.nanoTime()));
        database = Server.createTcpServer("-tcpPort", Integer.toString(MicroNode.freePort()), "-ifNotExists",
                "-baseDir", root.resolve("db").toString()).start();
        String url = "jdbc\\:h2\\:tcp\\://127.0.0.1\\:" + database.getPort() + "/";
        postBoot = root.resolve("cluster-resources.asadmin");
        Files.writeString(postBoot, String.join("\n",
                pool("shard0", url), "create-jdbc-resource --connectionpoolid parley-shard0 jdbc/parley/shard0",
                pool("shard1", url), "create-jdbc-resource --connectionpoolid parley-shard1 jdbc/parley/shard1", ""));
        clusterName = "parley-cluster-" + System.nanoTime();
        hazelcastPorts = List.of(MicroNode.freePort(), MicroNode.freePort(), MicroNode.freePort(), MicroNode.freePort());
        memberList = hazelcastPorts.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
        List<CompletableFuture<MicroNode>> starting = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            MicroNode node = node(i);
            nodes.add(node);
            starting.add(CompletableFuture.supplyAsync(() -> start(node)));
        }
        for (CompletableFuture<MicroNode> s : starting) {
            s.get(5, TimeUnit.MINUTES);
        }
        for (MicroNode node : nodes) {
            awaitMembers(node, 3);
        }
    }

    @AfterAll
    static void stopCluster() throws Exception {
        for (MicroNode node : nodes) {
            node.stop();
        }
        if (database != null) {
            database.stop();
        }
    }

    @Test
    @Order(1)
    void usersOnDifferentNodesChatAndEveryDeviceEverywhereGetsItsCopy() throws Exception {
        Users on0 = new Users(nodes.get(0).wsUri());
        Users on1 = new Users(nodes.get(1).wsUri());
        Users on2 = new Users(nodes.get(2).wsUri());
        String aliceName = Users.uniqueName("alice");
        String bobName = Users.uniqueName("bob");
        String alice = on0.register(aliceName, false);
        String bob = on1.register(bobName, true);
        try (TimClient a0 = on0.login(aliceName, alice, false);
                TimClient a2 = on2.login(aliceName, alice, true);
                TimClient b1 = on1.login(bobName, bob, true)) {
            a0.sendMessage(bob, "across the cluster");
            long mid = a0.awaitMessage(m -> "across the cluster".equals(m.getDataString()), WAIT).getMid();
            Inbound push = b1.awaitNext(f -> f.message() != null && "across the cluster".equals(f.message().getDataString()), WAIT);
            assertTrue(push.ackRequired());
            assertEquals(mid, push.message().getMid());
            assertEquals(mid, a2.awaitMessage(m -> "across the cluster".equals(m.getDataString()), WAIT).getMid(),
                    "the sender's device on another node gets the echo too");

            b1.sendMessage(alice, "and back");
            long back = b1.awaitMessage(m -> "and back".equals(m.getDataString()), WAIT).getMid();
            assertEquals(back, a0.awaitMessage(m -> "and back".equals(m.getDataString()), WAIT).getMid());
            assertEquals(back, a2.awaitMessage(m -> "and back".equals(m.getDataString()), WAIT).getMid());
        }
        // Delivered and acknowledged across nodes: nothing left in bob's offline queue.
        try (TimClient b = on2.login(bobName, bob, false)) {
            assertTrue(b.fetchOffline().get(15, TimeUnit.SECONDS).isEmpty());
        }
    }

    @Test
    @Order(2)
    void aTokenIssuedByOneNodeLogsInOnAnother() throws Exception {
        Users on0 = new Users(nodes.get(0).wsUri());
        Users on1 = new Users(nodes.get(1).wsUri());
        String name = Users.uniqueName("dora");
        String node = on0.register(name, false);
        String token = on0.token(name, false);
        try (TimClient c = on1.client(false).build()) {
            c.connect().get(15, TimeUnit.SECONDS);
            TimAck ack = c.loginByToken(name, token, null, "web", 1).get(15, TimeUnit.SECONDS);
            assertTrue(ack.getOk(), ack::toString);
            assertEquals(node, ack.getN());
        }
    }

    @Test
    @Order(3)
    void everyNodeSeesTheClusterWideSessionDirectory() throws Exception {
        Users on1 = new Users(nodes.get(1).wsUri());
        String name = Users.uniqueName("eve");
        String node = on1.register(name, false);
        try (TimClient c = on1.login(name, node, false)) {
            String holder = cluster(nodes.get(1)).getString("self");
            for (MicroNode n : nodes) {
                awaitCondition(() -> devicesOf(cluster(n), holder) >= 1, "node sees the device on " + holder);
            }
        }
    }

    /**
     * Clients on all three nodes send numbered messages in a ring; node 2 is killed (-9) midway and its user goes
     * on from node 0. Every message whose echo reached its sender must reach its recipient, live or offline.
     */
    @Test
    @Order(10)
    void aKilledNodeLosesNoAcknowledgedMessage() throws Exception {
        int perSender = 40;
        int killAfter = 12;
        List<Users> on = nodes.stream().map(n -> new Users(n.wsUri())).toList();
        List<String> names = List.of(Users.uniqueName("ring0"), Users.uniqueName("ring1"), Users.uniqueName("ring2"));
        List<String> users = new ArrayList<>();
        for (String n : names) {
            users.add(on.get(0).register(n, false));
        }
        List<AtomicReference<TimClient>> clients = new ArrayList<>();
        List<List<TimClient>> everyClientOf = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            TimClient c = on.get(i).login(names.get(i), users.get(i), i == 1);
            clients.add(new AtomicReference<>(c));
            everyClientOf.add(new CopyOnWriteArrayList<>(List.of(c)));
        }
        List<Set<String>> acknowledged = List.of(ConcurrentHashMap.newKeySet(), ConcurrentHashMap.newKeySet(),
                ConcurrentHashMap.newKeySet());
        CountDownLatch halfway = new CountDownLatch(3);
        CompletableFuture<Void> replacement = new CompletableFuture<>();
        List<CompletableFuture<Void>> senders = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            int sender = s;
            senders.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < perSender; i++) {
                    if (i == killAfter) {
                        halfway.countDown();
                    }
                    String text = "ring " + sender + " #" + i;
                    TimClient c = clients.get(sender).get();
                    try {
                        c.sendMessage(users.get((sender + 1) % 3), text);
                        c.awaitMessage(m -> text.equals(m.getDataString()), Duration.ofSeconds(10));
                        acknowledged.get(sender).add(text);
                    } catch (Exception e) {
                        // No echo: not acknowledged, so not counted. The killed node's user moves to node 0.
                        if (sender == 2) {
                            replacement.join();
                        }
                    }
                }
            }));
        }
        assertTrue(halfway.await(2, TimeUnit.MINUTES));
        String dead = cluster(nodes.get(2)).getString("self");
        nodes.get(2).kill();
        Instant death = Instant.now();
        TimClient moved = on.get(0).login(names.get(2), users.get(2), false);
        everyClientOf.get(2).add(moved);
        clients.get(2).set(moved);
        replacement.complete(null);
        awaitCondition(() -> devicesOf(cluster(nodes.get(0)), dead) == 0, "the dead member's sessions to leave the directory");
        Duration directoryCleared = Duration.between(death, Instant.now());
        for (CompletableFuture<Void> f : senders) {
            f.get(5, TimeUnit.MINUTES);
        }

        int duplicates = 0;
        for (int r = 0; r < 3; r++) {
            int recipient = r;
            Set<String> expected = acknowledged.get((recipient + 2) % 3);
            Map<String, Integer> seen = new HashMap<>();
            TimClient current = clients.get(recipient).get();
            awaitCondition(() -> {
                for (TimClient c : everyClientOf.get(recipient)) {
                    c.drainInbox().stream().filter(f -> f.message() != null && f.message().getDataString() != null)
                            .forEach(f -> seen.merge(f.message().getDataString(), 1, Integer::sum));
                }
                current.fetchOffline().join().forEach(m -> seen.merge(m.getDataString(), 1, Integer::sum));
                return seen.keySet().containsAll(expected);
            }, "user " + recipient + " to receive every acknowledged message");
            duplicates += seen.entrySet().stream().filter(e -> expected.contains(e.getKey()))
                    .mapToInt(e -> e.getValue() - 1).sum();
            assertTrue(expected.size() >= killAfter, "the test must have sent through the kill");
        }
        System.out.printf("cluster: %d acknowledged messages, 0 lost, %d duplicates; directory cleared in %d ms%n",
                acknowledged.stream().mapToInt(Set::size).sum(), duplicates, directoryCleared.toMillis());
        for (List<TimClient> list : everyClientOf) {
            for (TimClient c : list) {
                c.close();
            }
        }
    }

    /** A node that joins later serves clients at once and sees the sessions that already exist. */
    @Test
    @Order(11)
    void aNodeJoiningLaterServesAtOnceAndSeesExistingSessions() throws Exception {
        Users on0 = new Users(nodes.get(0).wsUri());
        String aliceName = Users.uniqueName("early");
        String alice = on0.register(aliceName, false);
        try (TimClient a = on0.login(aliceName, alice, false)) {
            String holder = cluster(nodes.get(0)).getString("self");
            MicroNode late = node(3);
            nodes.add(late);
            late.start();
            awaitCondition(() -> devicesOf(cluster(late), holder) >= 1, "the late node to see existing sessions");
            Users onLate = new Users(late.wsUri());
            String bobName = Users.uniqueName("late");
            String bob = onLate.register(bobName, true);
            try (TimClient b = onLate.login(bobName, bob, true)) {
                b.sendMessage(alice, "hello from the new node");
                long mid = b.awaitMessage(m -> "hello from the new node".equals(m.getDataString()), WAIT).getMid();
                assertEquals(mid, a.awaitMessage(m -> "hello from the new node".equals(m.getDataString()), WAIT).getMid());
            }
        }
    }

    static MicroNode node(int index) {
        return new MicroNode(root.resolve("node" + index), List.of(
                "-Dparley.secret.account-key=" + ACCOUNT_KEY,
                "-Dparley.admin.token=" + ADMIN_TOKEN,
                "-Dparley.ack.timeout=PT2S",
                // Users here log in on several nodes at once, and again after a kill; device limits are tested elsewhere.
                "-Dparley.device.limit=0", "-Dparley.device.type-limit=0"),
                postBoot, hazelcastPorts.get(index), memberList, clusterName);
    }

    static MicroNode start(MicroNode node) {
        try {
            return node.start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String pool(String shard, String url) {
        return "create-jdbc-connection-pool --datasourceclassname org.h2.jdbcx.JdbcDataSource --restype javax.sql.DataSource"
                + " --steadypoolsize 1 --maxpoolsize 32 --property URL=" + url + shard + " parley-" + shard;
    }

    static JsonObject cluster(MicroNode node) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(node.httpUri("/api/cluster"))
                    .header("Authorization", "Bearer " + ADMIN_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r::body);
            return Json.createReader(new StringReader(r.body())).readObject();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static int devicesOf(JsonObject cluster, String member) {
        for (JsonValue v : cluster.getJsonArray("members")) {
            JsonObject m = v.asJsonObject();
            if (m.getString("id").equals(member)) {
                return m.getInt("devices");
            }
        }
        return 0;
    }

    static void awaitMembers(MicroNode node, int count) throws InterruptedException {
        awaitCondition(() -> cluster(node).getJsonArray("members").size() == count, count + " members");
    }

    /** Polls a condition the cluster reaches on its own (membership, directory updates) until a deadline. */
    static Duration awaitCondition(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        Instant start = Instant.now();
        Instant deadline = start.plusSeconds(60);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what);
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        return Duration.between(start, Instant.now());
    }
}
