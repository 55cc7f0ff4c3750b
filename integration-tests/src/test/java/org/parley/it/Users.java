package org.parley.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.parley.client.TimClient;
import org.parley.client.TimHttp;
import org.parley.protocol.TimAck;
import org.parley.protocol.TimMessage;
import org.parley.protocol.TimReq;

/** Registers users with fresh names, logs clients in and makes users friends, as tim's clients do. */
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

    /**
     * Waits until the node logs a user in, trying again with a fresh socket after a failed or slow attempt. The first
     * login of a node just started sets up much of it (CDI beans, EJB pools, cluster structures, cold code), which on
     * a loaded machine can take longer than a test's own deadline for one login.
     */
    public void awaitLogins(Duration limit) throws InterruptedException {
        String name = uniqueName("warmup");
        String[] node = {null};
        TestCluster.awaitCondition(() -> {
            try {
                if (node[0] == null) {
                    node[0] = register(name, false);
                }
                try (TimClient c = client(false).build()) {
                    c.connect().get(WAIT.toSeconds(), TimeUnit.SECONDS);
                    return Boolean.TRUE.equals(c.login(name, PASSWORD, null, "test", 1)
                            .get(WAIT.toSeconds(), TimeUnit.SECONDS).getOk());
                }
            } catch (Exception e) {
                return false; // not ready yet: try again
            }
        }, "a first login on the node", limit);
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

    /**
     * Makes two logged-in users friends the way tim's clients do (§7.4): ADDROSTER both ways, each side awaiting
     * the notice it causes (bnType 4, then 5), which the clients acknowledge. Both offline queues are then flushed,
     * so no notice is left to show up in a later offline batch. Needs clients that acknowledge automatically.
     */
    public static void befriend(TimClient a, String aNode, TimClient b, String bNode) throws Exception {
        a.business(new TimReq().setRtype(4).setNode(bNode).setReqStr("hello"));
        b.awaitMessage(m -> isNotice(m, 4, aNode), WAIT);
        b.business(new TimReq().setRtype(4).setNode(aNode).setReqStr("ok"));
        a.awaitMessage(m -> isNotice(m, 5, bNode), WAIT);
        a.fetchOffline().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        b.fetchOffline().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** {@link #befriend(TimClient, String, TimClient, String)} for two users, each logged in just for it. */
    public void befriend(String aName, String aNode, String bName, String bNode) throws Exception {
        try (TimClient a = login(aName, aNode, false); TimClient b = login(bName, bNode, true)) {
            befriend(a, aNode, b, bNode);
        }
    }

    /** A registered user: the name it logs in with and its node. */
    public record User(String name, String node) {
    }

    /** Registers a user with a fresh name ({@code base-…}), over a Thrift or JSON body. */
    public User newUser(String base, boolean json) throws Exception {
        String name = uniqueName(base);
        return new User(name, register(name, json));
    }

    /** Registers two users with fresh names ({@code aBase-…}, {@code bBase-…}) and makes them friends. */
    public List<User> friends(String aBase, String bBase) throws Exception {
        User a = newUser(aBase, false);
        User b = newUser(bBase, true);
        befriend(a.name(), a.node(), b.name(), b.node());
        return List.of(a, b);
    }

    /** Whether {@code m} is a roster notice (§5.16) of kind {@code bnType} from {@code fromNode}. */
    public static boolean isNotice(TimMessage m, int bnType, String fromNode) {
        return m.getOdType() != null && m.getOdType() == 4 && m.getBnType() != null && m.getBnType() == bnType
                && m.getFromTid() != null && fromNode.equals(m.getFromTid().getNode());
    }
}
