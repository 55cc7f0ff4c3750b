package org.parley.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.parley.client.TimClient;
import org.parley.client.TimHttp;
import org.parley.protocol.TimAck;

/** Registers users with fresh names and logs clients in, as tim's clients do. */
public final class Users {

    public static final Duration WAIT = Duration.ofSeconds(15);
    public static final String PASSWORD = "s3cret-pa55";

    private final URI ws;
    private final TimHttp http = new TimHttp();

    public Users(URI ws) {
        this.ws = ws;
    }

    public URI ws() {
        return ws;
    }

    /** A name no other test uses, so tests do not depend on each other's state. */
    public static String uniqueName(String base) {
        return base + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Registers over /tim2 (Thrift or JSON body) and returns the node. */
    public String register(String name, boolean json) throws Exception {
        return http.register(ws, name, PASSWORD, null, json);
    }

    String token(String name, boolean json) throws Exception {
        return http.token(ws, name, PASSWORD, null, json);
    }

    public TimClient.Builder client(boolean json) {
        return TimClient.builder(ws).json(json).requestTimeout(WAIT);
    }

    /** A connected client logged in by password; asserts the login succeeded with the expected node. */
    public TimClient login(String name, String node, boolean json) throws Exception {
        return login(client(json).build(), name, node);
    }

    public TimClient login(TimClient client, String name, String node) throws Exception {
        client.connect().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        TimAck ack = client.login(name, PASSWORD, null, "test", 1).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertTrue(ack.getOk(), () -> "login refused: " + ack);
        assertEquals(node, ack.getN());
        return client;
    }
}
