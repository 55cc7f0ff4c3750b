package org.parley.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.parley.protocol.Tid;
import org.parley.protocol.TimMessage;

/**
 * Without the key, a dump of every table of every shard reveals no message text and no account name: a node stores
 * known plaintexts, stops, and every table (and every H2 file) is searched byte by byte with raw JDBC.
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
        List<String> plaintexts = List.of(aliceName, bobName, text, binary, extendValue, extraValue, offlineText);

        String alice;
        String bob;
        try (MicroNode node = new MicroNode(data, List.of()).start()) {
            Users users = new Users(node.wsUri());
            alice = users.register(aliceName, false);
            bob = users.register(bobName, true);
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
    }
}
