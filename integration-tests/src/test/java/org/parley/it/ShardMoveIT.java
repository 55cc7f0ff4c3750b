package org.parley.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.parley.it.Users.WAIT;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.parley.client.TimClient;
import org.parley.protocol.TimMessage;

/**
 * Every slot changes database once, on whatever shards the build configures (two H2 files by default; H2,
 * PostgreSQL and MariaDB in the databases profile): each shard's range moves to the next shard. Users, friendships,
 * 1:1 history, offline queues, a room and its history and membership all work as before, in order.
 */
class ShardMoveIT {

    private static final String TOKEN = "shard-move-admin";

    @Test
    void everyKindOfRowFollowsItsSlotsToAnotherDatabase() throws Exception {
        Path data = Files.createDirectories(Path.of(MicroNode.property("parley.testDir"))).resolve("move-" + System.nanoTime());
        try (MicroNode node = new MicroNode(data, List.of("-Dparley.admin.token=" + TOKEN, "-Dparley.ack.timeout=PT2S",
                "-Dparley.shard.move-batch-slots=512")).start()) {
            AdminApi admin = new AdminApi(node, TOKEN);
            Users users = new Users(node.wsUri());
            String aliceName = Users.uniqueName("alice");
            String bobName = Users.uniqueName("bob");
            String carolName = Users.uniqueName("carol");
            String alice = users.register(aliceName, false);
            String bob = users.register(bobName, true);
            String carol = users.register(carolName, false);
            users.befriend(aliceName, alice, bobName, bob);
            users.befriend(aliceName, alice, carolName, carol);
            List<Long> toBob = new ArrayList<>();
            List<Long> toCarol = new ArrayList<>();
            String room;
            List<Long> inRoom = new ArrayList<>();
            try (TimClient a = users.login(aliceName, alice, false); TimClient c = users.login(carolName, carol, false)) {
                for (int i = 0; i < 5; i++) {
                    toBob.add(send(a, bob, "to bob " + i)); // bob is offline: these wait in his queue
                    toCarol.add(send(a, carol, "to carol " + i));
                }
                room = RoomFlowIT.create(a, "moving room", false);
                c.business(RoomFlowIT.req(9, room, null).setReqStr(""));
                RoomFlowIT.notice(c, 10, room);
                for (int i = 0; i < 3; i++) {
                    String text = "room " + i;
                    a.sendRoomMessage(room, text);
                    inRoom.add(a.awaitMessage(m -> text.equals(m.getDataString()), WAIT).getMid());
                }
            }

            JsonObject layout = admin.get("/api/admin/shards");
            List<JsonObject> ranges = layout.getJsonArray("ranges").getValuesAs(JsonValue::asJsonObject);
            List<String> shards = layout.getJsonArray("shards").getValuesAs(v -> ((jakarta.json.JsonString) v).getString());
            assertEquals(shards.size(), ranges.size(), "version 1: one range per configured shard " + layout);
            for (int i = 0; i < ranges.size(); i++) {
                JsonObject r = ranges.get(i);
                String next = shards.get((i + 1) % shards.size());
                JsonObject done = admin.awaitMoveEnd(admin.startMove(r.getInt("firstSlot"), r.getInt("lastSlot"), next));
                assertEquals("FINISHED", done.getString("state"), done::toString);
            }
            JsonObject moved = admin.get("/api/admin/shards");
            // Each batch of slots switches on its own, so every batch made a version.
            assertTrue(moved.getJsonNumber("version").longValue() > ranges.size(), moved::toString);
            for (int i = 0; i < ranges.size(); i++) {
                assertEquals(shards.get((i + 1) % shards.size()),
                        moved.getJsonArray("ranges").getJsonObject(i).getString("shard"), moved::toString);
            }

            try (TimClient a = users.login(aliceName, alice, false); TimClient b = users.login(bobName, bob, true);
                    TimClient c = users.login(carolName, carol, false)) {
                assertEquals(reversed(toCarol), mids(a.pullHistory(carol, 0, 50).get(15, TimeUnit.SECONDS)));
                assertEquals(reversed(toBob), mids(a.pullHistory(bob, 0, 50).get(15, TimeUnit.SECONDS)));
                assertEquals(toBob, mids(b.fetchOffline().get(30, TimeUnit.SECONDS)), "bob's queue moved whole, in order");
                assertEquals(reversed(inRoom), mids(c.pullRoomHistory(room, 0, 50).get(15, TimeUnit.SECONDS)));
                assertTrue(RoomFlowIT.members(a, room).contains(carol), "membership moved with the room");
                // Friendship moved too: bob may still write to alice, and the chat's mids go on from where they were.
                long next = send(b, alice, "after the moves");
                assertTrue(next > toBob.get(toBob.size() - 1), "mid sequence continues: " + next);
                // A second move of the same range is a no-op that still finishes.
                JsonObject r = ranges.get(0);
                JsonObject again = admin.awaitMoveEnd(admin.startMove(r.getInt("firstSlot"), r.getInt("lastSlot"),
                        shards.get(1 % shards.size())));
                assertEquals("FINISHED", again.getString("state"), again::toString);
                assertEquals(0, again.getJsonNumber("rowsCopied").longValue(), again::toString);
            }
            // Bad requests change nothing.
            assertEquals(400, admin.postStatus("/api/admin/shards/moves", "{\"firstSlot\":10,\"lastSlot\":5,\"target\":\"shard0\"}"));
            assertEquals(400, admin.postStatus("/api/admin/shards/moves", "{\"firstSlot\":0,\"lastSlot\":4096,\"target\":\"shard0\"}"));
            assertEquals(400, admin.postStatus("/api/admin/shards/moves", "{\"firstSlot\":0,\"lastSlot\":5,\"target\":\"no-such-shard\"}"));
            assertEquals(400, admin.postStatus("/api/admin/shards/moves", "{\"firstSlot\":0}"));
            assertEquals(moved.getJsonNumber("version").longValue(), admin.get("/api/admin/shards").getJsonNumber("version").longValue());
        }
    }

    private static long send(TimClient from, String to, String text) throws Exception {
        from.sendMessage(to, text);
        return from.awaitMessage(m -> text.equals(m.getDataString()), WAIT).getMid();
    }

    private static List<Long> mids(List<TimMessage> messages) {
        return messages.stream().map(TimMessage::getMid).toList();
    }

    private static List<Long> reversed(List<Long> l) {
        List<Long> r = new ArrayList<>(l);
        java.util.Collections.reverse(r);
        return r;
    }

}
