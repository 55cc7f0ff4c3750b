package org.parley.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.parley.it.Users.WAIT;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.parley.client.CloseStatus;
import org.parley.client.ConnectionClosedException;
import org.parley.client.TimClient;
import org.parley.client.TimException;
import org.parley.client.TimHttp;
import org.parley.it.Users.User;
import org.parley.protocol.ErrorCode;
import org.parley.protocol.FrameType;
import org.parley.protocol.TimAck;

/**
 * The abuse limits on a node that trusts no address (the other test nodes trust 127.0.0.1), with small budgets so
 * that they trip and recover within a test: failed logins per address (cluster-wide quota in Hazelcast), requests
 * per second per socket (tim's request_rate, 5104), sockets per address.
 */
class AbuseLimitsIT {

    private static final int FAILURES = 5;
    private static final int REQUESTS_PER_SECOND = 20;
    private static final int SOCKETS_PER_ADDRESS = 40;
    private static final String ADMIN_TOKEN = "abuse-admin";

    private static MicroNode node;
    private static Users users;
    private static AdminApi api;

    @BeforeAll
    static void start() throws Exception {
        node = MicroNode.startFresh("abuse", List.of("-Dparley.password.bcrypt-cost=4",
                "-Dparley.admin.token=" + ADMIN_TOKEN,
                "-Dparley.limit.trusted-addresses=", // trust no address, 127.0.0.1 included
                "-Dparley.limit.auth-failures-per-address=" + FAILURES + "/PT5S",
                "-Dparley.limit.registrations-per-address=1000/PT1H",
                "-Dparley.limit.requests-per-second=" + REQUESTS_PER_SECOND,
                "-Dparley.limit.connections-per-address=" + SOCKETS_PER_ADDRESS));
        users = new Users(node.wsUri());
        api = new AdminApi(node, ADMIN_TOKEN);
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    private static long refusals(String limit) {
        return api.get("/api/cluster").getJsonObject("limitRefusals").getJsonNumber(limit).longValue();
    }

    private static int tokenError(String name, String password) {
        try {
            new TimHttp().token(users.ws(), name, password, null, false);
            return 0;
        } catch (TimException e) {
            return e.code();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void failedLoginsFromOneAddressTripTheQuotaOnEveryPathAndItRecovers() throws Exception {
        User victim = users.newUser("victim", false);
        long before = refusals("AUTH_FAILURES_PER_ADDRESS");
        for (int i = 0; i < FAILURES; i++) {
            assertEquals(ErrorCode.NO_PASS.code(), tokenError(victim.name(), "guess" + i));
        }
        // Spent: the right password is refused too, over /tim2 and over a socket, and so is a token guess.
        assertEquals(ErrorCode.FREQ_OUT_OF_LIMIT.code(), tokenError(victim.name(), Users.PASSWORD));
        try (TimClient c = users.client(false).build()) {
            c.connect().get(15, TimeUnit.SECONDS);
            TimAck ack = c.login(victim.name(), Users.PASSWORD, null, "x", 1).get(15, TimeUnit.SECONDS);
            assertEquals(ErrorCode.FREQ_OUT_OF_LIMIT.code(), ack.getError().getCode(), ack::toString);
            TimAck token = c.loginByToken(null, "123456789", null, "x", 1).get(15, TimeUnit.SECONDS);
            assertEquals(ErrorCode.FREQ_OUT_OF_LIMIT.code(), token.getError().getCode(), token::toString);
        }
        assertTrue(refusals("AUTH_FAILURES_PER_ADDRESS") >= before + 3, "counted");
        // The budget refills (5 per 5 s): the right password gets in again.
        TestCluster.awaitCondition(() -> tokenError(victim.name(), Users.PASSWORD) == 0, "the quota refilled",
                Duration.ofSeconds(60));
    }

    @Test
    void requestsOverASocketsRateGet5104AndAFloodIsClosed() throws Exception {
        List<User> pair = users.friends("fast", "calm");
        try (TimClient a = users.login(pair.get(0).name(), pair.get(0).node(), false)) {
            long before = refusals("REQUEST_RATE");
            // Far more than one second's budget at once: the first ones pass, the rest are refused, and going on
            // a second's worth past the refusals ends the socket.
            for (int i = 0; i < 3 * REQUESTS_PER_SECOND; i++) {
                a.sendMessage(pair.get(1).node(), "burst " + i);
            }
            TimAck refused = a.awaitAck(x -> Boolean.FALSE.equals(x.getOk()) && x.getTimType() == FrameType.MESSAGE, WAIT);
            assertEquals(ErrorCode.HEAVY_LOAD.code(), refused.getError().getCode());
            CloseStatus closed = a.closeFuture().get(30, TimeUnit.SECONDS);
            assertEquals(1008, closed.code(), closed::toString);
            assertTrue(refusals("REQUEST_RATE") > before);
        }
        // A calm device of the same user is unaffected.
        try (TimClient calm = users.login(pair.get(0).name(), pair.get(0).node(), false)) {
            calm.sendMessage(pair.get(1).node(), "calm");
            calm.awaitMessage(m -> "calm".equals(m.getDataString()), WAIT);
        }
    }

    @Test
    void socketsFromOneAddressAreCountedAndFreedOnClose() throws Exception {
        User user = users.newUser("many", false);
        List<TimClient> open = new ArrayList<>();
        try {
            long before = refusals("CONNECTIONS");
            List<CloseStatus> refused = new ArrayList<>();
            List<TimClient> connected = new ArrayList<>();
            for (int i = 0; i < SOCKETS_PER_ADDRESS + 5; i++) {
                TimClient c = users.client(false).build();
                open.add(c);
                try {
                    c.connect().get(15, TimeUnit.SECONDS);
                    connected.add(c);
                } catch (ExecutionException e) {
                    // Closed during the handshake's completion: refused at open.
                    refused.add(((ConnectionClosedException) e.getCause()).status());
                }
            }
            // The others over the limit are closed right after their handshake, before the auth deadline (10 s).
            TestCluster.awaitCondition(() -> refused.size() + connected.stream()
                            .filter(c -> c.closeFuture().isDone()).count() >= 5, "five sockets refused", Duration.ofSeconds(8));
            for (TimClient c : connected) {
                if (c.closeFuture().isDone()) {
                    refused.add(c.closeFuture().get());
                }
            }
            for (CloseStatus status : refused) {
                assertEquals(1013, status.code(), status::toString);
                assertEquals("too many connections", status.reason());
            }
            assertTrue(refusals("CONNECTIONS") >= before + 5);
            // One admitted socket closes: its place is free again, and a new socket logs in.
            TimClient admitted = connected.stream().filter(c -> !c.closeFuture().isDone()).findFirst().orElseThrow();
            admitted.close();
            open.remove(admitted);
            TestCluster.awaitCondition(() -> {
                try (TimClient c = users.client(false).build()) {
                    c.connect().get(15, TimeUnit.SECONDS);
                    TimAck ack = c.login(user.name(), Users.PASSWORD, null, "x", 1).get(15, TimeUnit.SECONDS);
                    return Boolean.TRUE.equals(ack.getOk());
                } catch (Exception e) {
                    return false; // refused: the closed socket's release has not run yet
                }
            }, "a new socket admitted after a close", Duration.ofSeconds(30));
        } finally {
            open.forEach(TimClient::close);
        }
    }
}
