package org.parley.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.parley.it.TestCluster.awaitCondition;
import static org.parley.it.TestCluster.devicesOf;
import static org.parley.it.TestCluster.memberId;
import static org.parley.it.TestCluster.view;
import static org.parley.it.Users.WAIT;


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

    static TestCluster cluster;
    static List<MicroNode> nodes;

    @BeforeAll
    static void startCluster() throws Exception {
        // Users here log in on several nodes at once, and again after a kill; device limits are tested elsewhere.
        cluster = new TestCluster(4, List.of("-Dparley.ack.timeout=PT2S", "-Dparley.device.limit=0",
                "-Dparley.device.type-limit=0")).start(3);
        nodes = new ArrayList<>(cluster.nodes());
        cluster.awaitMembers(3, nodes);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        cluster.close();
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
            Users.befriend(a0, alice, b1, bob); // across nodes: the notices travel the cluster bus too
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
            String holder = memberId(nodes.get(1));
            for (MicroNode n : nodes) {
                awaitCondition(() -> devicesOf(view(n), holder) >= 1, "node sees the device on " + holder);
            }
        }
    }

    /**
     * A room whose members sit on all three nodes: one message reaches every member, and the sender's node sends
     * exactly one envelope to each other node, however many members are there.
     */
    @Test
    @Order(4)
    void aRoomMessageCrossesToEachOtherNodeOnceAndReachesEveryMember() throws Exception {
        List<Users> on = nodes.stream().map(n -> new Users(n.wsUri())).toList();
        String founderName = Users.uniqueName("founder");
        String founder = on.get(0).register(founderName, false);
        List<TimClient> clients = new ArrayList<>();
        try {
            TimClient f = on.get(0).login(founderName, founder, false);
            clients.add(f);
            f.business(new org.parley.protocol.TimReq().setRtype(8).setNode("spread").setReqInt(2L));
            String room = f.awaitAck(a -> a.getTimType() == 41 && a.getT() != null && a.getT() == 8, WAIT).getN();
            for (int i = 0; i < 9; i++) {
                Users u = on.get(i % 3);
                String name = Users.uniqueName("member" + i);
                TimClient c = u.login(name, u.register(name, i % 2 == 0), i % 2 == 0);
                clients.add(c);
                c.business(new org.parley.protocol.TimReq().setRtype(9).setNode(room).setReqStr(""));
                c.awaitMessage(m -> m.getBnType() != null && m.getBnType() == 10, WAIT);
            }
            Map<String, Long> before = envelopesSentByNode0();
            f.sendRoomMessage(room, "to every node once");
            for (TimClient c : clients) {
                c.awaitMessage(m -> "to every node once".equals(m.getDataString()), WAIT);
            }
            Map<String, Long> after = envelopesSentByNode0();
            for (int i = 1; i < 3; i++) {
                String member = memberId(nodes.get(i));
                assertEquals(1L, after.get(member) - before.get(member),
                        "envelopes from node 0 to node " + i + " for one room message to 3 members there");
            }
        } finally {
            clients.forEach(TimClient::abort);
        }
    }

    /** Friends on different nodes see each other's presence, and the automatic offline one when a node's user goes. */
    @Test
    @Order(5)
    void presenceCrossesNodes() throws Exception {
        Users on0 = new Users(nodes.get(0).wsUri());
        Users on2 = new Users(nodes.get(2).wsUri());
        String aliceName = Users.uniqueName("alice");
        String bobName = Users.uniqueName("bob");
        String alice = on0.register(aliceName, false);
        String bob = on2.register(bobName, true);
        try (TimClient b = on2.login(bobName, bob, true)) {
            TimClient a = on0.login(aliceName, alice, false);
            Users.befriend(a, alice, b, bob);
            a.broadPresence(new org.parley.protocol.TimPresence().setStatus("away").setShow((short) 3));
            org.parley.protocol.TimPresence seen = b.awaitPresence(p -> "away".equals(p.getStatus()), WAIT);
            assertEquals(alice, seen.getFromTid().getNode());
            assertEquals(3, seen.getShow().intValue());
            a.close();
            assertEquals(alice, b.awaitPresence(p -> Boolean.TRUE.equals(p.getOffline()), WAIT).getFromTid().getNode());
        }
    }

    /** Node 0's count of envelopes it sent, by receiving member. */
    private static Map<String, Long> envelopesSentByNode0() {
        Map<String, Long> sent = new HashMap<>();
        view(nodes.get(0)).getJsonArray("members").getValuesAs(jakarta.json.JsonObject.class)
                .forEach(m -> sent.put(m.getString("id"), m.getJsonNumber("envelopesSent").longValue()));
        return sent;
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
        for (int i = 0; i < 3; i++) {
            on.get(0).befriend(names.get(i), users.get(i), names.get((i + 1) % 3), users.get((i + 1) % 3));
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
        String dead = memberId(nodes.get(2));
        nodes.get(2).kill();
        Instant death = Instant.now();
        TimClient moved = on.get(0).login(names.get(2), users.get(2), false);
        everyClientOf.get(2).add(moved);
        clients.get(2).set(moved);
        replacement.complete(null);
        awaitCondition(() -> devicesOf(view(nodes.get(0)), dead) == 0, "the dead member's sessions to leave the directory");
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
            String holder = memberId(nodes.get(0));
            cluster.start(1);
            MicroNode late = cluster.node(3);
            awaitCondition(() -> devicesOf(view(late), holder) >= 1, "the late node to see existing sessions");
            Users onLate = new Users(late.wsUri());
            String bobName = Users.uniqueName("late");
            String bob = onLate.register(bobName, true);
            try (TimClient b = onLate.login(bobName, bob, true)) {
                Users.befriend(a, alice, b, bob);
                b.sendMessage(alice, "hello from the new node");
                long mid = b.awaitMessage(m -> "hello from the new node".equals(m.getDataString()), WAIT).getMid();
                assertEquals(mid, a.awaitMessage(m -> "hello from the new node".equals(m.getDataString()), WAIT).getMid());
            }
        }
    }
}
