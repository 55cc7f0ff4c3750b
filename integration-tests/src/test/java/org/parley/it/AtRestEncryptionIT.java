package org.parley.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.parley.it.Users.WAIT;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.parley.client.TimClient;
import org.parley.protocol.FrameType;
import org.parley.protocol.Tid;
import org.parley.protocol.TimAck;
import org.parley.protocol.TimMessage;
import org.parley.protocol.TimNodes;
import org.parley.protocol.TimReq;
import org.parley.protocol.TimRoomBean;
import org.parley.protocol.TimUserBean;

/**
 * Without the key, a dump of every table of every shard reveals no message text, no queued message, no profile, no
 * room bean and no account name: a node stores known plaintexts, stops, and every table (and every H2 file) is
 * searched byte by byte with raw JDBC.
 */
class AtRestEncryptionIT {

    @Test
    void noTableOfAnyShardHoldsWhatUsersWroteOrTheirAccountNames() throws Exception {
        Path data = Files.createDirectories(Path.of(MicroNode.property("parley.testDir"))).resolve("at-rest-" + System.nanoTime());
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String aliceName = "alice-" + tag;
        String bobName = "bob-" + tag;
        String text = "text-" + tag + " the vault code is 4711";
        String binary = "binary-" + tag;
        String extendValue = "extend-" + tag;
        String extraValue = "extra-" + tag;
        String offlineText = "offline-" + tag;
        String profileName = "profile-" + tag;
        String roomTopic = "topic-" + tag;
        String queuedText = "queued-" + tag;
        List<String> plaintexts = List.of(aliceName, bobName, text, binary, extendValue, extraValue, offlineText,
                profileName, roomTopic, queuedText);

        String alice;
        String bob;
        String room;
        try (MicroNode node = new MicroNode(data, List.of()).start()) {
            Users users = new Users(node.wsUri());
            alice = users.register(aliceName, false);
            bob = users.register(bobName, true);
            users.befriend(aliceName, alice, bobName, bob);
            try (TimClient a = users.login(aliceName, alice, false)) {
                a.send(new TimMessage().setMsType((byte) 2).setOdType((byte) 1).setToTid(new Tid(bob))
                        .setDataString(text)
                        .setDataBinary(binary.getBytes(StandardCharsets.UTF_8))
                        .setUdtype((short) 7)
                        .setExtend(Map.of("note", extendValue))
                        .setExtra(Map.of("blob", extraValue.getBytes(StandardCharsets.UTF_8))));
                a.awaitMessage(m -> text.equals(m.getDataString()), WAIT);
                a.sendMessage(bob, offlineText);
                a.awaitMessage(m -> offlineText.equals(m.getDataString()), WAIT);
            }
            // Stored encrypted, still served in clear: history and the offline queue give back every field.
            try (TimClient b = users.login(bobName, bob, true)) {
                List<TimMessage> offline = b.fetchOffline().get(15, TimeUnit.SECONDS);
                assertEquals(List.of(text, offlineText), offline.stream().map(TimMessage::getDataString).toList());
                List<TimMessage> history = b.pullHistory(alice, 0, 10).get(15, TimeUnit.SECONDS);
                TimMessage first = history.get(history.size() - 1);
                assertEquals(text, first.getDataString());
                assertArrayEquals(binary.getBytes(StandardCharsets.UTF_8), first.getDataBinary());
                assertEquals(7, first.getUdtype().intValue());
                assertEquals(extendValue, first.getExtend().get("note"));
                assertArrayEquals(extraValue.getBytes(StandardCharsets.UTF_8), first.getExtra().get("blob"));

                b.nodes(new TimNodes().setNtype(6).setUsermap(Map.of("", new TimUserBean().setName(profileName))));
                TimAck saved = b.awaitAck(x -> x.getTimType() == FrameType.NODES, WAIT);
                assertTrue(saved.getOk(), saved::toString);
            }
            try (TimClient a = users.login(aliceName, alice, false)) {
                a.business(new TimReq().setRtype(8).setNode(roomTopic).setReqInt(2L));
                TimAck created = a.awaitAck(
                        x -> x.getTimType() == FrameType.BUSINESS && x.getT() != null && x.getT() == 8, WAIT);
                assertTrue(created.getOk(), created::toString);
                room = created.getN();
                // Profile and room bean are stored sealed, and still served in clear.
                a.nodes(new TimNodes().setNtype(4).setNodelist(List.of(bob)));
                assertEquals(profileName, a.awaitNodes(n -> n.getNtype() == 4, WAIT).getUsermap().get(bob).getName());
                a.nodes(new TimNodes().setNtype(5).setNodelist(List.of(room)));
                TimRoomBean bean = a.awaitNodes(n -> n.getNtype() == 5, WAIT).getRoommap().get(room);
                assertEquals(roomTopic, bean.getTopic());
                // bob is offline: a user-defined kind, which history does not keep, waits in his queue with its
                // payload, and is still there when the node stops.
                a.send(new TimMessage().setMsType((byte) 2).setOdType((byte) 40).setToTid(new Tid(bob))
                        .setDataString(queuedText));
                a.ping().get(15, TimeUnit.SECONDS); // answered only once the message was handled, and so queued
            }
        }

        List<String> findings = new ArrayList<>();
        List<StoredShards.Shard> shards = StoredShards.of(data);
        for (StoredShards.Shard shard : shards) {
            findings.addAll(StoredShards.find(shard, plaintexts));
        }
        assertEquals(List.of(), findings, "plaintext found in storage");
        // The scan must be able to see what it looks for: the users' nodes are stored in clear, and must be found.
        List<String> controls = new ArrayList<>();
        for (StoredShards.Shard shard : shards) {
            controls.addAll(StoredShards.find(shard, List.of(alice, bob)));
        }
        assertTrue(controls.stream().anyMatch(f -> f.endsWith(": " + alice)), () -> "scan blind: " + controls);
        assertTrue(controls.stream().anyMatch(f -> f.endsWith(": " + bob)), () -> "scan blind: " + controls);
        // The rows that hold the profile, the room bean and the queued message were there to be scanned, sealed.
        assertSealedOnce(shards, "SELECT payload FROM parley_profile WHERE node = ?", bob);
        assertSealedOnce(shards, "SELECT bean FROM parley_room WHERE node = ?", room);
        assertSealedOnce(shards,
                "SELECT payload FROM parley_offline_entry WHERE recipient_node = ? AND payload IS NOT NULL", bob);
    }

    private static void assertSealedOnce(List<StoredShards.Shard> shards, String sql, String key) throws Exception {
        List<byte[]> values = StoredShards.values(shards, sql, key);
        assertEquals(1, values.size(), sql);
        assertNotNull(StoredShards.keyIdOf(values.get(0)), sql); // fails unless it has a sealed value's header
    }
}
