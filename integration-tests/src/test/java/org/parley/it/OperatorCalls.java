package org.parley.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Calls to the REST API of the Arquillian node as an operator's script makes them, and checks of its problem documents. */
final class OperatorCalls {

    static final String ADMIN = "Bearer arquillian-admin";
    static final String AUDITOR = "Bearer arquillian-auditor"; // parley.api.tokens in arquillian.xml holds its hash

    /** HTTP/1.1 as tim's clients and Parley's client library speak it (no h2c upgrade offers). */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private OperatorCalls() {
    }

    static HttpResponse<String> call(URL base, String method, String path, String body, String authorization)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + base.getHost() + ":" + base.getPort() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonObject json(HttpResponse<String> r, int expected) {
        assertEquals(expected, r.statusCode(), r::body);
        return Json.createReader(new StringReader(r.body())).readObject();
    }

    static void assertProblem(HttpResponse<String> r, int status, String what) {
        assertEquals(status, r.statusCode(), () -> what + ": " + r.body());
        assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse("").replaceAll(";.*", ""), what);
        JsonObject problem = Json.createReader(new StringReader(r.body())).readObject();
        assertEquals(status, problem.getInt("status"), what);
        assertFalse(r.body().contains("Exception"), () -> what + " names an exception: " + r.body());
    }
}
