package org.parley.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.parley.it.TestCluster.awaitCondition;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The admin REST API of one node ({@code /api}, bearer token), as an operator's script would call it. */
final class AdminApi {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final MicroNode node;
    private final String token;

    AdminApi(MicroNode node, String token) {
        this.node = node;
        this.token = token;
    }

    /** GET, expecting 200 and a JSON object. */
    JsonObject get(String path) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(node.httpUri(path))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r::body);
            return Json.createReader(new StringReader(r.body())).readObject();
        } catch (Exception e) {
            throw new IllegalStateException("GET " + path, e);
        }
    }

    /** POST a JSON body (or none, if empty), expecting {@code expected} and a JSON object. */
    JsonObject post(String path, String body, int expected) throws Exception {
        HttpResponse<String> r = send(path, body);
        assertEquals(expected, r.statusCode(), r::body);
        return Json.createReader(new StringReader(r.body())).readObject();
    }

    /** POST a JSON body and return only the status. */
    int postStatus(String path, String body) throws Exception {
        return send(path, body).statusCode();
    }

    /** Starts a shard move of {@code first..last} to {@code target} (202 expected); returns its id. */
    String startMove(int first, int last, String target) throws Exception {
        return post("/api/admin/shards/moves", "{\"firstSlot\":" + first + ",\"lastSlot\":" + last
                + ",\"target\":\"" + target + "\"}", 202).getString("id");
    }

    /** Polls a shard move until it is no longer RUNNING; returns its last status. */
    JsonObject awaitMoveEnd(String id) throws InterruptedException {
        JsonObject[] last = new JsonObject[1];
        awaitCondition(() -> {
            last[0] = get("/api/admin/shards/moves/" + id);
            return !"RUNNING".equals(last[0].getString("state"));
        }, "shard move " + id + " to end", Duration.ofMinutes(3));
        return last[0];
    }

    private HttpResponse<String> send(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(node.httpUri(path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
