package org.parley.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.parley.it.Users.WAIT;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.parley.client.TimClient;
import org.parley.protocol.TimMessage;

/**
 * Key rotation end to end: messages sealed under k1; the node restarted with k2 active keeps reading them and seals
 * new ones under k2; the admin rotation re-seals the old ones and finishes; restarted with k2 alone, the node still
 * reads the whole history.
 */
class KeyRotationIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void oldMessagesStayReadableNewOnesUseTheNewKeyAndAfterRotationTheOldKeyCanGo() throws Exception {
        Path data = Files.createDirectories(Path.of(MicroNode.property("parley.testDir"))).resolve("rotation-" + System.nanoTime());
        String k1 = "k1:" + randomKey();
        String k2 = "k2:" + randomKey();
        String adminToken = UUID.randomUUID().toString();
        String aliceName = Users.uniqueName("alice");
        String bobName = Users.uniqueName("bob");
        List<String> texts = new ArrayList<>();
        String alice;
        String bob;

        try (MicroNode node = new MicroNode(data, List.of("-Dparley.crypto.keys=" + k1)).start()) {
            Users users = new Users(node.wsUri());
            alice = users.register(aliceName, false);
            bob = users.register(bobName, true);
            try (TimClient a = users.login(aliceName, alice, false)) {
                send(a, bob, texts, "old", 3);
            }
            // Without parley.admin.token there is no admin API at all.
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(node.httpUri().resolve("/api/admin/key-rotation"))
                    .header("Authorization", "Bearer " + adminToken).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(404, r.statusCode());
        }
        String chat = alice.compareTo(bob) <= 0 ? "d:" + alice + ":" + bob : "d:" + bob + ":" + alice;
        List<StoredShards.Shard> shards = StoredShards.of(data);
        assertEquals(List.of("k1", "k1", "k1"), keyIds(shards, chat));

        List<String> rotating = List.of("-Dparley.crypto.keys=" + k1 + "," + k2, "-Dparley.crypto.active-key=k2",
                "-Dparley.admin.token=" + adminToken);
        try (MicroNode node = new MicroNode(data, rotating).start()) {
            Users users = new Users(node.wsUri());
            try (TimClient a = users.login(aliceName, alice, false)) {
                send(a, bob, texts, "new", 2);
                assertEquals(texts, history(a, bob), "messages under k1 and k2 both read back");
            }
            URI api = node.httpUri().resolve("/api/admin/key-rotation");
            assertEquals(401, HTTP.send(HttpRequest.newBuilder(api).GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode());
            assertEquals(401, HTTP.send(HttpRequest.newBuilder(api).header("Authorization", "Bearer wrong").GET().build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
            HttpResponse<String> started = HTTP.send(HttpRequest.newBuilder(api).header("Authorization", "Bearer " + adminToken)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(202, started.statusCode(), started::body);

            String status = awaitFinished(api, adminToken, Duration.ofMinutes(2));
            // Only the three old messages were under k1: the two new ones were sealed under k2 from the start. Rows of
            // other tests in shared databases are under keys this node does not have: counted as unreadable, untouched.
            assertEquals(3, number(status, "resealed"), status);
            assertTrue(number(status, "examined") >= 5, status);
            if (MicroNode.property("parley.itExternalShards").equals("none")) {
                assertEquals(0, number(status, "unreadable"), status);
            }
        }
        assertEquals(List.of("k2", "k2", "k2", "k2", "k2"), keyIds(shards, chat));

        try (MicroNode node = new MicroNode(data, List.of("-Dparley.crypto.keys=" + k2)).start()) {
            Users users = new Users(node.wsUri());
            try (TimClient a = users.login(aliceName, alice, false)) {
                assertEquals(texts, history(a, bob), "after the rotation, k2 alone reads everything");
            }
        }
    }

    private static void send(TimClient a, String to, List<String> texts, String prefix, int count) throws Exception {
        for (int i = 1; i <= count; i++) {
            String text = prefix + " " + i + " " + UUID.randomUUID();
            a.sendMessage(to, text);
            a.awaitMessage(m -> text.equals(m.getDataString()), WAIT);
            texts.add(text);
        }
    }

    /** The chat's texts, oldest first. */
    private static List<String> history(TimClient a, String peer) throws Exception {
        List<String> newestFirst = a.pullHistory(peer, 0, 50).get(15, TimeUnit.SECONDS).stream()
                .map(TimMessage::getDataString).toList();
        List<String> oldestFirst = new ArrayList<>(newestFirst);
        java.util.Collections.reverse(oldestFirst);
        return oldestFirst;
    }

    private static List<String> keyIds(List<StoredShards.Shard> shards, String chat) throws Exception {
        Map<Long, byte[]> payloads = StoredShards.payloads(shards, chat);
        return payloads.values().stream().map(StoredShards::keyIdOf).toList();
    }

    /** Polls the status until the rotation is no longer running, or fails at the deadline. */
    private static String awaitFinished(URI api, String token, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            String body = HTTP.send(HttpRequest.newBuilder(api).header("Authorization", "Bearer " + token).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            if (body.contains("\"state\":\"FINISHED\"")) {
                return body;
            }
            assertTrue(body.contains("\"state\":\"RUNNING\""), body);
            assertTrue(Instant.now().isBefore(deadline), () -> "rotation still running after " + timeout + ": " + body);
            TimeUnit.MILLISECONDS.sleep(200); // pause between polls; the condition above decides, not the pause
        }
    }

    private static long number(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\":(\\d+)").matcher(json);
        assertTrue(m.find(), () -> field + " missing in " + json);
        return Long.parseLong(m.group(1));
    }

    private static String randomKey() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return Base64.getEncoder().encodeToString(k);
    }
}
