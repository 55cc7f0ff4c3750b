package org.parley.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.parley.client.TimClient;
import org.parley.client.TimHttp;
import org.parley.protocol.ErrorCode;
import org.parley.protocol.FrameType;
import org.parley.protocol.ServerFrame;
import org.parley.protocol.ThriftCodec;
import org.parley.protocol.TimAck;
import org.parley.protocol.TimAuth;
import org.parley.protocol.TimReq;

/**
 * What an attacker on the same network tries without an account (the hardening issue): the cluster port, login
 * tokens, passwords that collapse into other passwords, tokens that outlive a password change.
 */
class HardeningIT extends DeployedNode {

    private static final int MODIFY_AUTH = 21;
    /** HTTP/1.1 as tim's clients and Parley's client library speak it (no h2c upgrade offers). */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static int clusterPort() {
        return Integer.parseInt(MicroNode.property("parley.itHzPort"));
    }

    @Test
    void theClusterMapOfTokensHoldsNoTokenAnyoneCanUse() throws Exception {
        String name = Users.uniqueName("tokens");
        String node = users.register(name, false);
        String token = users.token(name, false);
        ClientConfig config = new ClientConfig();
        config.setClusterName(MicroNode.property("parley.itCluster"));
        config.getNetworkConfig().addAddress("127.0.0.1:" + clusterPort());
        // A hang guard: by default the client retries for ever when nothing listens there.
        config.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(60_000);
        HazelcastInstance client = HazelcastClient.newHazelcastClient(config);
        List<String> keys;
        try {
            IMap<Object, Object> tokens = client.getMap("parley-tokens");
            keys = new ArrayList<>();
            for (Object key : tokens.keySet()) {
                keys.add(String.valueOf(key));
                byte[] value = (byte[]) tokens.get(key);
                if (value != null) {
                    String text = new String(value, StandardCharsets.ISO_8859_1);
                    assertFalse(text.contains(node), "a token entry names its account in clear");
                }
            }
        } finally {
            client.shutdown();
        }
        assertFalse(keys.isEmpty(), "the token just issued is in the map");
        assertFalse(keys.contains(token), "a token is kept under a keyed hash, not as itself");
        for (String key : keys) {
            try (TimClient thief = users.client(false).build()) {
                thief.connect().get(15, TimeUnit.SECONDS);
                TimAck ack = thief.loginByToken(null, key, null, "x", 1).get(15, TimeUnit.SECONDS);
                assertFalse(ack.getOk(), "a map key logged in");
            }
        }
        try (TimClient owner = users.client(true).build()) {
            owner.connect().get(15, TimeUnit.SECONDS);
            TimAck ack = owner.loginByToken(name, token, null, "x", 1).get(15, TimeUnit.SECONDS);
            assertTrue(ack.getOk(), ack::toString);
            assertEquals(node, ack.getN());
        }
    }

    @Test
    void theClusterPortIsNotReachableOnOtherInterfaces() throws Exception {
        Optional<InetAddress> other = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .filter(this::isUp)
                .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .findFirst();
        assumeTrue(other.isPresent(), "this host has no address but loopback");
        try (Socket local = new Socket()) {
            local.connect(new InetSocketAddress("127.0.0.1", clusterPort()), 5_000); // it does listen there
        }
        try (Socket s = new Socket()) {
            assertThrows(ConnectException.class, () -> s.connect(new InetSocketAddress(other.get(), clusterPort()), 5_000),
                    "the cluster port answers on " + other.get());
        }
    }

    private boolean isUp(NetworkInterface i) {
        try {
            return i.isUp();
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void aTokenIssuedBeforeAPasswordChangeIsRefusedAfterIt() throws Exception {
        String name = Users.uniqueName("rotate");
        String node = users.register(name, true);
        String before = users.token(name, false);
        try (TimClient c = users.login(name, node, false)) {
            c.business(new TimReq().setRtype(MODIFY_AUTH).setReqStr(Users.PASSWORD).setReqStr2("n3w-" + Users.PASSWORD));
            TimAck ok = c.awaitAck(a -> a.getTimType() == FrameType.BUSINESS, Users.WAIT);
            assertTrue(ok.getOk(), ok::toString);
        }
        try (TimClient c = users.client(false).build()) {
            c.connect().get(15, TimeUnit.SECONDS);
            TimAck refused = c.loginByToken(name, before, null, "x", 1).get(15, TimeUnit.SECONDS);
            assertFalse(refused.getOk());
            assertEquals(ErrorCode.ERROR_TOKEN.code(), refused.getError().getCode());
        }
        String after = new TimHttp().token(users.ws(), name, "n3w-" + Users.PASSWORD, null, true);
        try (TimClient c = users.client(true).build()) {
            c.connect().get(15, TimeUnit.SECONDS);
            assertTrue(c.loginByToken(name, after, null, "x", 1).get(15, TimeUnit.SECONDS).getOk());
        }
    }

    @Test
    void passwordsThatUtf8CannotCarryAreRefusedOverJsonAndThrift() throws Exception {
        String name = Users.uniqueName("bytes");
        // '?abc' is what both '\ud800abc' (JSON) and the bytes ff 61 62 63 (Thrift) used to become.
        assertTrue(tim2Json(FrameType.REGISTER, name, "?abc").getOk());
        assertEquals(ErrorCode.NO_PASS.code(), tim2Json(FrameType.TOKEN, name, "\\ud800abc").getError().getCode());
        assertEquals(ErrorCode.NO_PASS.code(), tim2Json(FrameType.TOKEN, name, "\\udfffabc").getError().getCode());
        assertEquals(ErrorCode.NO_PASS.code(), tim2Thrift(FrameType.TOKEN, name, new byte[] {(byte) 0xff, 'a', 'b', 'c'})
                .getError().getCode());
        assertTrue(tim2Json(FrameType.TOKEN, name, "?abc").getOk(), "the password itself still works");

        String other = Users.uniqueName("bytes2");
        TimAck ff = tim2Thrift(FrameType.REGISTER, other, new byte[] {(byte) 0xff, 'a'});
        assertEquals(ErrorCode.PARAMETER_INCORRECT.code(), ff.getError().getCode(), "bytes that are not UTF-8");
        TimAck lone = tim2Json(FrameType.REGISTER, other, "\\ud800abc");
        assertEquals(ErrorCode.PARAMETER_INCORRECT.code(), lone.getError().getCode(), "a lone surrogate");
    }

    @Test
    void theAdminApiAnswersBadInputWithProblemDocumentsNever500() throws Exception {
        String moves = "/api/admin/shards/moves";
        String deep = "{\"firstSlot\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}";
        String huge = "{\"target\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        String[][] cases = {
            {"POST", moves, "not json", "400"},
            {"POST", moves, "[1,2,3]", "400"},
            {"POST", moves, deep, "400"},
            {"POST", moves, "{\"firstSlot\":" + "1".repeat(1_101) + "}", "400"},
            {"POST", moves, "{\"firstSlot\":\"a\",\"lastSlot\":2,\"target\":\"shard1\"}", "400"},
            {"POST", moves, "{}", "400"},
            {"POST", moves, huge, "413"},
            {"GET", moves + "/no-such-move", null, "404"},
            {"GET", "/api/admin/no-such-resource", null, "404"},
            {"DELETE", "/api/admin/shards", null, "405"},
        };
        for (String[] c : cases) {
            HttpResponse<String> r = admin(c[0], c[1], c[2], "Bearer arquillian-admin");
            assertProblem(r, Integer.parseInt(c[3]), c[0] + " " + c[1] + " " + abbreviate(c[2]));
        }
        assertProblem(admin("GET", "/api/admin/shards", null, null), 401, "no credentials");
        assertProblem(admin("GET", "/api/admin/shards", null, "Bearer wrong"), 401, "a wrong token");
    }

    private static String abbreviate(String s) {
        return s == null || s.length() < 60 ? s : s.substring(0, 60) + "…";
    }

    private HttpResponse<String> admin(String method, String path, String body, String authorization) throws Exception {
        return OperatorCalls.call(base, method, path, body, authorization);
    }

    private static void assertProblem(HttpResponse<String> r, int status, String what) {
        OperatorCalls.assertProblem(r, status, what);
    }

    @Test
    void slowRequestBodiesHoldNoThreadsAndAreCutOffAtTheBodyTimeout() throws Exception {
        // What stopped a node before: connections that announce a /tim2 body and send one byte of it.
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                Socket s = new Socket(base.getHost(), base.getPort());
                s.getOutputStream().write(("POST /tim2 HTTP/1.1\r\nHost: " + base.getHost() + "\r\nContent-Length: 1000\r\n"
                        + "Content-Type: application/octet-stream\r\n\r\n\u000f").getBytes(StandardCharsets.ISO_8859_1));
                s.getOutputStream().flush();
                slow.add(s);
            }
            // Meanwhile: /tim2 answers, and two friends chat over their sockets.
            List<Users.User> pair = users.friends("slowa", "slowb");
            try (TimClient a = users.login(pair.get(0).name(), pair.get(0).node(), false);
                    TimClient b = users.login(pair.get(1).name(), pair.get(1).node(), true)) {
                a.sendMessage(pair.get(1).node(), "while bodies trickle");
                b.awaitMessage(m -> "while bodies trickle".equals(m.getDataString()), Users.WAIT);
            }
            // All of that happened before any slow request was answered: they were waited for, not in the way.
            for (Socket s : slow) {
                assertEquals(0, s.getInputStream().available(), "a slow request was answered before the others ran");
            }
            // Then each is answered 408 at the body timeout (parley.http.body-timeout, 10 s), with Connection: close.
            for (Socket s : slow) {
                s.setSoTimeout(60_000);
                String status = new String(s.getInputStream().readNBytes(12), StandardCharsets.ISO_8859_1);
                assertEquals("HTTP/1.1 408", status);
            }
        } finally {
            for (Socket s : slow) {
                s.close();
            }
        }
    }

    private TimAck tim2Json(int type, String name, String jsonPassword) throws Exception {
        byte[] json = ("{\"name\":\"" + name + "\",\"pwd\":\"" + jsonPassword + "\"}").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[json.length + 1];
        body[0] = (byte) (type | 0x80);
        System.arraycopy(json, 0, body, 1, json.length);
        return post(body, true);
    }

    /** A Thrift TimAuth whose password field carries exactly {@code password}'s bytes, UTF-8 or not. */
    private TimAck tim2Thrift(int type, String name, byte[] password) throws Exception {
        // Encode with a same-length ASCII stand-in, then put the raw bytes where the stand-in's are.
        String standIn = "Z".repeat(password.length);
        byte[] encoded = ThriftCodec.INSTANCE.encode(new TimAuth().setName(name).setPwd(standIn));
        int at = new String(encoded, StandardCharsets.ISO_8859_1).indexOf(standIn);
        assertTrue(at > 0);
        System.arraycopy(password, 0, encoded, at, password.length);
        byte[] body = new byte[encoded.length + 1];
        body[0] = (byte) type;
        System.arraycopy(encoded, 0, body, 1, encoded.length);
        return post(body, false);
    }

    private TimAck post(byte[] body, boolean json) throws Exception {
        URI tim2 = TimHttp.tim2Uri(users.ws());
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(tim2)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        ServerFrame frame = ServerFrame.parse(r.body());
        assertEquals(FrameType.ACK, frame.type());
        TimAck ack = frame.decodeBody(json, TimAck.class);
        assertNotNull(ack);
        return ack;
    }
}
