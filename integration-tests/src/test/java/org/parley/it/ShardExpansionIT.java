package org.parley.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.parley.it.TestCluster.awaitCondition;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.parley.client.TimClient;
import org.parley.protocol.TimMessage;

/**
 * Online expansion on a two-node cluster: clients on both nodes keep sending numbered 1:1 messages (some to users
 * who are offline) while slot ranges move to a shard the cluster did not have, while a move is rolled back, and
 * while the node coordinating a move is killed and the move is resumed from the other node. Afterwards every
 * message acknowledged to its sender is in history exactly once, in mid order, and reaches its offline recipient
 * exactly once; the rows of moved slots are in the new shard only.
 */
class ShardExpansionIT {

    private static final int PAIRS = 4;

    static TestCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = new TestCluster(2, List.of("-Dparley.ack.timeout=PT2S", "-Dparley.device.limit=0",
                "-Dparley.device.type-limit=0",
                // Small batches: many freeze/switch rounds while the senders run, and time to kill a coordinator.
                "-Dparley.shard.move-batch-slots=32"), List.of("shard2"));
        cluster.start(2);
        cluster.awaitMembers(2, cluster.nodes());
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Senders write to receivers; each pair's chat lives in some slot, spread over the shards. */
    private record Pair(String senderName, String sender, String receiverName, String receiver, int node) {
    }

    @Test
    void slotsMoveToANewShardUnderLoadAndBackAndAfterTheCoordinatorDiesWithoutLosingOrDuplicatingAMessage()
            throws Exception {
        MicroNode n0 = cluster.node(0);
        MicroNode n1 = cluster.node(1);
        AdminApi admin0 = new AdminApi(n0, TestCluster.ADMIN_TOKEN);
        AdminApi admin1 = new AdminApi(n1, TestCluster.ADMIN_TOKEN);
        JsonObject before = admin0.get("/api/admin/shards");
        assertEquals(1, before.getInt("version"), before::toString);
        assertEquals(List.of("shard0", "shard1"), shardsOwningSlots(before), "shard2 is not in the map yet");

        Users users = new Users(n0.wsUri());
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i < PAIRS; i++) {
            // Even pairs' chats in slots 0..2047 (shard0's at the end), odd pairs' in 2048..4095 (shard1's, then
            // shard2's): the moves always carry messages, whatever nodes the names hash to.
            boolean upper = i % 2 == 1;
            String sName;
            String rName;
            String s;
            String r;
            int attempts = 0;
            do {
                if (++attempts > 64) {
                    throw new IllegalStateException("no chat in the wanted half of the slots after 64 pairs");
                }
                sName = Users.uniqueName("mover" + i);
                rName = Users.uniqueName("moved" + i);
                s = users.register(sName, i % 2 == 0);
                r = users.register(rName, false);
            } while ((chatSlot(s, r) >= 2048) != upper);
            users.befriend(sName, s, rName, r);
            // Pairs 0 and 1 send through node 0, 2 and 3 through node 1 (killed in the last phase).
            pairs.add(new Pair(sName, s, rName, r, i < 2 ? 0 : 1));
        }
        // Receivers of even pairs stay online on the other node; odd pairs' receivers are offline throughout, so
        // their messages wait in offline queues that move with their chats.
        List<TimClient> online = new ArrayList<>();
        for (int i = 0; i < PAIRS; i += 2) {
            Pair p = pairs.get(i);
            online.add(new Users(cluster.node(1 - p.node()).wsUri()).login(p.receiverName(), p.receiver(), false));
        }

        Map<Integer, List<Long>> acked = new ConcurrentHashMap<>();
        Map<Integer, Map<Long, String>> texts = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger unanswered = new AtomicInteger();
        List<CompletableFuture<Void>> senders = new ArrayList<>();
        for (int i = 0; i < PAIRS; i++) {
            int pair = i;
            Pair p = pairs.get(i);
            acked.put(pair, new ArrayList<>());
            texts.put(pair, new ConcurrentHashMap<>());
            TimClient c = new Users(cluster.node(p.node()).wsUri()).login(p.senderName(), p.sender(), pair % 2 == 0);
            senders.add(CompletableFuture.runAsync(() -> send(c, pair, p.receiver(), acked, texts, stop, unanswered)));
        }
        awaitCondition(() -> acked.values().stream().allMatch(l -> l.size() >= 5), "every pair to send a few messages");

        // 1. Half of shard0's slots and half of shard1's move to the new shard2, coordinated by node 0.
        JsonObject first = admin0.awaitMoveEnd(admin0.startMove(1024, 3071, "shard2"));
        assertEquals("FINISHED", first.getString("state"), first::toString);
        assertTrue(first.getJsonNumber("rowsCopied").longValue() > 0, first::toString);
        int sentAfterFirst = total(acked);
        awaitCondition(() -> total(acked) > sentAfterFirst + 10, "messages to keep flowing after the move");
        JsonObject afterFirst = admin1.get("/api/admin/shards");
        assertEquals(List.of("shard0", "shard2", "shard1"), shardsOwningSlots(afterFirst), afterFirst::toString);
        assertEquals(versionOf(afterFirst), versionOf(admin0.get("/api/admin/shards")), "both nodes serve one map");

        // 2. The first move is rolled back, from the other node.
        JsonObject rollback = admin1.awaitMoveEnd(admin1.post("/api/admin/shards/moves/" + first.getString("id")
                + "/rollback", "", 202).getString("id"));
        assertEquals("ROLLED_BACK", rollback.getString("state"), rollback::toString);
        assertEquals(List.of("shard0", "shard1"), shardsOwningSlots(admin0.get("/api/admin/shards")));
        assertEquals(0, rowsOutside(cluster.jdbcUrl("shard2"), 0, -1), "the rollback left rows behind in shard2");
        int sentAfterRollback = total(acked);
        awaitCondition(() -> total(acked) > sentAfterRollback + 10, "messages to keep flowing after the rollback");

        // 3. Node 1 coordinates a move of all of shard1 (a second move meanwhile is refused) and dies mid-way; node 0
        // finds it interrupted and resumes it.
        String third = admin1.startMove(2048, 4095, "shard2");
        assertEquals(409, admin0.postStatus("/api/admin/shards/moves",
                "{\"firstSlot\":0,\"lastSlot\":10,\"target\":\"shard2\"}"), "one move at a time");
        awaitCondition(() -> admin0.get("/api/admin/shards/moves/" + third).getInt("nextSlot") > 2048 + 32,
                "the move to make progress");
        n1.kill();
        awaitCondition(() -> "INTERRUPTED".equals(admin0.get("/api/admin/shards/moves/" + third).getString("state")),
                "the move to show as interrupted once its node is gone");
        JsonObject resumed = admin0.awaitMoveEnd(admin0.post("/api/admin/shards/moves/" + third + "/resume", "", 202)
                .getString("id"));
        assertEquals("FINISHED", resumed.getString("state"), resumed::toString);
        JsonObject finalMap = admin0.get("/api/admin/shards");
        assertEquals(List.of("shard0", "shard2"), shardsOwningSlots(finalMap), finalMap::toString);

        int sentAfterResume = total(acked);
        awaitCondition(() -> acked.get(0).size() + acked.get(1).size() > sentAfterResume + 10,
                "node 0's senders to keep going after the resume");
        stop.set(true);
        CompletableFuture.allOf(senders.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);

        // Audit: every acknowledged message exactly once, in mid order, through history and offline delivery.
        Users survivor = new Users(n0.wsUri());
        int audited = 0;
        for (int i = 0; i < PAIRS; i++) {
            Pair p = pairs.get(i);
            List<Long> mids = acked.get(i);
            try (TimClient reader = survivor.login(p.senderName(), p.sender(), false)) {
                List<TimMessage> page = history(reader, p.receiver());
                List<Long> history = page.stream().map(TimMessage::getMid).toList();
                for (int k = 1; k < history.size(); k++) {
                    assertTrue(history.get(k - 1) > history.get(k), "history newest first, no mid twice: " + history);
                }
                for (Long mid : mids) {
                    assertTrue(history.contains(mid), "pair " + i + ": acknowledged mid " + mid + " missing from history");
                }
                Map<Long, String> sent = texts.get(i);
                page.stream().filter(m -> sent.containsKey(m.getMid()))
                        .forEach(m -> assertEquals(sent.get(m.getMid()), m.getDataString(), "content of mid " + m.getMid()));
            }
            if (i % 2 == 1) {
                try (TimClient receiver = survivor.login(p.receiverName(), p.receiver(), false)) {
                    List<Long> delivered = receiver.fetchOffline(Duration.ofMinutes(1)).get(90, TimeUnit.SECONDS)
                            .stream().filter(m -> p.sender().equals(m.getFromTid().getNode())).map(TimMessage::getMid).toList();
                    assertEquals(delivered.size(), delivered.stream().distinct().count(), "offline duplicates: " + delivered);
                    assertTrue(delivered.containsAll(mids), "pair " + i + ": offline delivery lost "
                            + mids.stream().filter(m -> !delivered.contains(m)).toList());
                    for (int k = 1; k < delivered.size(); k++) {
                        assertTrue(delivered.get(k - 1) < delivered.get(k), "offline order: " + delivered);
                    }
                }
            }
            audited += mids.size();
        }
        online.forEach(c -> c.abort());

        // The stored rows are where the map says: nothing of shard1's old slots is left in shard1.
        assertEquals(0, rows(cluster.jdbcUrl("shard1"), "parley_message"), "moved messages left behind in shard1");
        assertTrue(rows(cluster.jdbcUrl("shard2"), "parley_message") > 0, "shard2 holds the moved messages");
        assertEquals(0, rowsOutside(cluster.jdbcUrl("shard2"), 2048, 4095), "shard2 holds only its own slots");
        assertEquals(0, rowsOutside(cluster.jdbcUrl("shard0"), 0, 2047), "shard0 holds only its own slots");
        System.out.printf("expansion: %d acknowledged messages audited, 0 lost, 0 duplicated; %d sends without an echo "
                + "(refused during a freeze, or cut off by the kill), not counted%n", audited, unanswered.get());
    }

    /** The whole 1:1 history, newest first, page by page (a chat's mids start at 1). */
    private static List<TimMessage> history(TimClient reader, String peer) throws Exception {
        List<TimMessage> all = new ArrayList<>();
        long below = 0;
        while (true) {
            List<TimMessage> page = reader.pullHistory(peer, below, 200).get(30, TimeUnit.SECONDS);
            all.addAll(page);
            long oldest = page.get(page.size() - 1).getMid();
            if (page.size() < 200 || oldest <= 1) {
                return all;
            }
            below = oldest - 1;
        }
    }

    /** Sends numbered messages until stopped, recording the mid of each one whose echo came back. */
    private static void send(TimClient c, int pair, String to, Map<Integer, List<Long>> acked,
            Map<Integer, Map<Long, String>> texts, AtomicBoolean stop, AtomicInteger unanswered) {
        for (int n = 0; !stop.get() && c.isOpen(); n++) {
            String text = "pair " + pair + " #" + n;
            try {
                c.sendMessage(to, text);
                TimMessage echo = c.awaitMessage(m -> text.equals(m.getDataString()), Duration.ofSeconds(20));
                synchronized (acked.get(pair)) {
                    acked.get(pair).add(echo.getMid());
                }
                texts.get(pair).put(echo.getMid(), text);
                // A steady stream, not a flood: the audit reads every message back.
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            } catch (Exception e) {
                // No echo: not acknowledged, not counted (a write that waited too long on a frozen slot, or the
                // sender's node was killed).
                unanswered.incrementAndGet();
            }
        }
    }

    private static int total(Map<Integer, List<Long>> acked) {
        return acked.values().stream().mapToInt(List::size).sum();
    }

    private static long versionOf(JsonObject layout) {
        return layout.getJsonNumber("version").longValue();
    }

    /**
     * The slot of the 1:1 chat of two users, by the storage's rule (a direct chat's key is "d:" and the two nodes in
     * order; its slot is the key's CRC32C modulo 4096): the test picks its pairs by it.
     */
    private static int chatSlot(String a, String b) {
        String key = a.compareTo(b) <= 0 ? "d:" + a + ":" + b : "d:" + b + ":" + a;
        CRC32C crc = new CRC32C();
        crc.update(key.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % 4096);
    }

    /** The shards of the map's ranges, in slot order, each once. */
    private static List<String> shardsOwningSlots(JsonObject layout) {
        List<String> shards = new ArrayList<>();
        for (JsonValue v : layout.getJsonArray("ranges")) {
            String s = v.asJsonObject().getString("shard");
            if (!shards.contains(s)) {
                shards.add(s);
            }
        }
        return shards;
    }

    private static long rows(String url, String table) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Rows of every slotted table whose slot lies outside {@code first..last} (every row, for an empty range). */
    private static long rowsOutside(String url, int first, int last) throws SQLException {
        long n = 0;
        for (String table : List.of("parley_account", "parley_chat_sequence", "parley_message", "parley_offline_entry",
                "parley_profile", "parley_relation", "parley_room", "parley_room_member")) {
            try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table
                            + " WHERE shard_slot < " + first + " OR shard_slot > " + last)) {
                rs.next();
                n += rs.getLong(1);
            }
        }
        return n;
    }
}
