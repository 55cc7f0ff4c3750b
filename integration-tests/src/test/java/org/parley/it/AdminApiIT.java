package org.parley.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.parley.it.OperatorCalls.ADMIN;
import static org.parley.it.OperatorCalls.AUDITOR;
import static org.parley.it.OperatorCalls.assertProblem;
import static org.parley.it.OperatorCalls.json;
import static org.parley.it.Users.WAIT;

import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.parley.client.TimClient;
import org.parley.protocol.ErrorCode;
import org.parley.protocol.FrameType;
import org.parley.protocol.TimAck;
import org.parley.protocol.TimMessage;

/**
 * The admin REST API on the deployed node: who may call it, what it changes for tim clients (a ban kicks and
 * refuses, a token from the API logs in, a system message arrives, is in history and waits while offline, a kick
 * logs a device out), and its answers to bad input.
 */
class AdminApiIT extends DeployedNode {

    private HttpResponse<String> call(String method, String path, String body, String authorization) throws Exception {
        return OperatorCalls.call(base, method, path, body, authorization);
    }

    @Test
    void onlyOperatorsGetInAndAuditorsOnlyRead() throws Exception {
        String node = json(call("POST", "/api/admin/accounts",
                "{\"name\":\"" + Users.uniqueName("roles") + "\",\"password\":\"pw\"}", ADMIN), 201).getString("node");
        for (String wrong : new String[] {null, "Bearer nope", "Basic bm9ib2R5Om5vcGU=", "Basic !!", "Digest x"}) {
            HttpResponse<String> r = call("GET", "/api/admin/accounts/" + node, null, wrong);
            assertProblem(r, 401, String.valueOf(wrong));
            assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").contains("Bearer"), "a challenge");
        }
        assertEquals(node, json(call("GET", "/api/admin/accounts/" + node, null, AUDITOR), 200).getString("node"));
        json(call("GET", "/api/cluster", null, AUDITOR), 200);
        assertProblem(call("POST", "/api/admin/accounts/" + node + "/ban", "{}", AUDITOR), 403, "an auditor banning");
        assertProblem(call("POST", "/api/admin/accounts", "{\"name\":\"x\"}", AUDITOR), 403, "an auditor creating");
        assertProblem(call("POST", "/api/admin/tokens", "{\"node\":\"" + node + "\"}", AUDITOR), 403, "an auditor's token");
        assertProblem(call("POST", "/api/admin/key-rotation", null, AUDITOR), 403, "an auditor rotating keys");
        assertFalse(json(call("GET", "/api/admin/accounts/" + node, null, ADMIN), 200).getBoolean("banned"));
    }

    @Test
    void aBanLogsEveryDeviceOutAndRefusesLoginsUntilLifted() throws Exception {
        String name = Users.uniqueName("banned");
        String node = json(call("POST", "/api/admin/accounts", "{\"name\":\"" + name + "\",\"password\":\""
                + Users.PASSWORD + "\"}", ADMIN), 201).getString("node");
        try (TimClient phone = users.login(name, node, false); TimClient desk = users.login(name, node, true)) {
            JsonObject described = json(call("GET", "/api/admin/accounts/" + node, null, ADMIN), 200);
            assertEquals(2, described.getJsonArray("devices").size(), described::toString);

            JsonObject banned = json(call("POST", "/api/admin/accounts/" + node + "/ban", "{\"duration\":\"P7D\"}", ADMIN), 200);
            assertTrue(banned.containsKey("bannedUntil"), banned::toString);
            for (TimClient device : new TimClient[] {phone, desk}) {
                device.awaitAck(a -> a.getTimType() == FrameType.LOGOUT, WAIT); // tim's forced logout
                device.closeFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
        }
        try (TimClient again = users.client(false).build()) {
            again.connect().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            TimAck refused = again.login(name, Users.PASSWORD, null, "test", 1).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(ErrorCode.PERMISSION_DENIED.code(), refused.getError().getCode());
        }
        assertTrue(json(call("GET", "/api/admin/accounts/" + node, null, ADMIN), 200).getBoolean("banned"));
        assertEquals(204, call("POST", "/api/admin/accounts/" + node + "/unban", null, ADMIN).statusCode());
        users.login(name, node, false).close();

        assertEquals(204, call("DELETE", "/api/admin/accounts/" + node, null, ADMIN).statusCode());
        try (TimClient gone = users.client(false).build()) {
            gone.connect().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            TimAck refused = gone.login(name, Users.PASSWORD, null, "test", 1).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(ErrorCode.PERMISSION_DENIED.code(), refused.getError().getCode());
        }
        assertFalse(json(call("GET", "/api/admin/accounts/" + node, null, AUDITOR), 200).getBoolean("active"));

        // Every change is in the audit trail, newest first, under the operator's name (the legacy token's).
        JsonObject audit = json(call("GET", "/api/admin/audit?limit=50", null, AUDITOR), 200);
        List<String> actions = audit.getJsonArray("entries").getValuesAs(JsonObject.class).stream()
                .filter(e -> node.equals(e.getString("target", null)))
                .peek(e -> assertEquals("admin-token", e.getString("operator"), e::toString))
                .map(e -> e.getString("action")).toList();
        assertEquals(List.of("account.deactivate", "account.unban", "account.ban", "account.create"), actions);
        assertProblem(call("GET", "/api/admin/audit?limit=0", null, AUDITOR), 400, "an empty page");
    }

    @Test
    void aTokenFromTheApiLogsInAnAccountOfAnExternalSystem() throws Exception {
        // arquillian.xml sets parley.api.tokens-create-accounts: the first token registers the name.
        String name = Users.uniqueName("sso");
        JsonObject issued = json(call("POST", "/api/admin/tokens", "{\"name\":\"" + name + "\",\"domain\":\"corp\"}", ADMIN), 200);
        String node = issued.getString("node");
        try (TimClient client = users.client(true).build()) {
            client.connect().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            TimAck ack = client.loginByToken(name, issued.getString("token"), "corp", "web", 1)
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertTrue(ack.getOk(), ack::toString);
            assertEquals(node, ack.getN());
        }
        JsonObject byNode = json(call("POST", "/api/admin/tokens", "{\"node\":\"" + node + "\"}", ADMIN), 200);
        assertEquals(node, byNode.getString("node"));
        assertTrue(byNode.getJsonNumber("t").longValue() > 0);
    }

    private String account(String name) throws Exception {
        return json(call("POST", "/api/admin/accounts", "{\"name\":\"" + name + "\",\"password\":\"" + Users.PASSWORD
                + "\"}", ADMIN), 201).getString("node");
    }

    private int devicesOnline(String node) {
        try {
            return json(call("GET", "/api/admin/accounts/" + node, null, AUDITOR), 200).getJsonArray("devices").size();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aSystemMessageReachesTheDeviceStaysInHistoryAndWaitsWhileOffline() throws Exception {
        String name = Users.uniqueName("notice");
        String node = account(name);
        try (TimClient device = users.login(name, node, false)) {
            long mid = json(call("POST", "/api/admin/messages", "{\"to\":\"" + node + "\",\"text\":\"live notice\"}",
                    ADMIN), 201).getJsonNumber("mid").longValue();
            TimMessage got = device.awaitMessage(m -> "live notice".equals(m.getDataString()), WAIT);
            assertEquals(1, (int) got.getMsType(), "a system message");
            assertEquals(mid, got.getMid());
        }
        json(call("POST", "/api/admin/messages", "{\"to\":\"" + node + "\",\"text\":\"while away\",\"extend\":{\"k\":\"v\"}}",
                ADMIN), 201);
        JsonObject waiting = json(call("GET", "/api/admin/accounts/" + node + "/offline", null, AUDITOR), 200);
        assertEquals("while away", waiting.getJsonArray("messages").getJsonObject(0).getString("text"), waiting::toString);
        try (TimClient back = users.login(name, node, true)) {
            List<TimMessage> offline = back.fetchOffline().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(List.of("while away"), offline.stream().map(TimMessage::getDataString).toList());
            assertEquals("v", offline.get(0).getExtend().get("k"));
        }
        JsonObject history = json(call("GET", "/api/admin/accounts/" + node + "/system-messages?limit=1", null, AUDITOR), 200);
        assertEquals("while away", history.getJsonArray("messages").getJsonObject(0).getString("text"));
        JsonObject older = json(call("GET", "/api/admin/accounts/" + node + "/system-messages?limit=5&before="
                + history.getJsonNumber("next").longValue(), null, AUDITOR), 200);
        assertEquals("live notice", older.getJsonArray("messages").getJsonObject(0).getString("text"));
    }

    @Test
    void aMessageOnBehalfOfAUserFollowsTheirRulesAndIsInTheChatsHistory() throws Exception {
        String aName = Users.uniqueName("proxyA");
        String bName = Users.uniqueName("proxyB");
        String a = account(aName);
        String b = account(bName);
        String message = "{\"from\":\"" + a + "\",\"to\":\"" + b + "\",\"text\":\"from the back end\"}";
        assertProblem(call("POST", "/api/admin/messages", message, ADMIN), 409, "not friends");
        users.befriend(aName, a, bName, b);
        try (TimClient bob = users.login(bName, b, false)) {
            long mid = json(call("POST", "/api/admin/messages", message, ADMIN), 201).getJsonNumber("mid").longValue();
            TimMessage got = bob.awaitMessage(m -> "from the back end".equals(m.getDataString()), WAIT);
            assertEquals(a, got.getFromTid().getNode());
            assertEquals(mid, got.getMid());
        }
        JsonObject chat = json(call("GET", "/api/admin/chats/" + b + "/" + a + "/messages", null, AUDITOR), 200);
        JsonObject newest = chat.getJsonArray("messages").getJsonObject(0);
        assertEquals("from the back end", newest.getString("text"));
        assertEquals(a, newest.getString("from"));
    }

    @Test
    void aRoomAndARosterAreReadAndASystemMessageReachesTheRoom() throws Exception {
        String aName = Users.uniqueName("roomA");
        String bName = Users.uniqueName("roomB");
        String a = account(aName);
        String b = account(bName);
        users.befriend(aName, a, bName, b);
        try (TimClient founder = users.login(aName, a, false); TimClient member = users.login(bName, b, true)) {
            String room = RoomFlowIT.create(founder, "ops room", false);
            member.business(RoomFlowIT.req(9, room, null).setReqStr("let me in")); // ADDROOM to an open room
            TestCluster.awaitCondition(() -> roomMembers(room).size() == 2, "the member joined");
            JsonObject info = json(call("GET", "/api/admin/rooms/" + room, null, AUDITOR), 200);
            assertEquals(a, info.getString("founder"));
            assertTrue(info.getBoolean("open"));

            long mid = json(call("POST", "/api/admin/messages", "{\"room\":\"" + room + "\",\"text\":\"room notice\"}",
                    ADMIN), 201).getJsonNumber("mid").longValue();
            TimMessage got = member.awaitMessage(m -> "room notice".equals(m.getDataString()), WAIT);
            assertEquals(mid, got.getMid());
            JsonObject history = json(call("GET", "/api/admin/rooms/" + room + "/messages?limit=1", null, AUDITOR), 200);
            assertEquals("room notice", history.getJsonArray("messages").getJsonObject(0).getString("text"));

            JsonObject roster = json(call("GET", "/api/admin/accounts/" + b + "/roster", null, AUDITOR), 200);
            assertEquals(List.of(a), roster.getJsonArray("friends").getValuesAs(jakarta.json.JsonString.class).stream()
                    .map(jakarta.json.JsonString::getString).toList());
            assertTrue(roster.getJsonArray("rooms").toString().contains(room), roster::toString);
        }
        assertProblem(call("GET", "/api/admin/rooms/NoSuchRoom1", null, AUDITOR), 404, "an unknown room");
    }

    private List<String> roomMembers(String room) {
        try {
            return json(call("GET", "/api/admin/rooms/" + room, null, AUDITOR), 200).getJsonArray("members")
                    .getValuesAs(jakarta.json.JsonString.class).stream().map(jakarta.json.JsonString::getString).toList();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void sessionsAreListedAndKickedAndBroadcastsReachEveryoneOnline() throws Exception {
        String name = Users.uniqueName("online");
        String node = account(name);
        try (TimClient phone = users.login(name, node, false); TimClient desk = users.login(name, node, true)) {
            JsonObject listed = null;
            String cursor = null;
            do { // page through everyone online until this user shows up
                JsonObject page = json(call("GET", "/api/admin/sessions?limit=50" + (cursor == null ? "" : "&cursor=" + cursor),
                        null, AUDITOR), 200);
                for (JsonObject u : page.getJsonArray("users").getValuesAs(JsonObject.class)) {
                    if (u.getString("node").equals(node)) {
                        listed = u;
                    }
                }
                cursor = page.containsKey("next") ? page.getString("next") : null;
            } while (listed == null && cursor != null);
            assertTrue(listed != null, "the user is listed as online");
            assertEquals(2, listed.getJsonArray("devices").size());

            int reached = json(call("POST", "/api/admin/broadcasts", "{\"text\":\"to all\"}", ADMIN), 200).getInt("users");
            assertTrue(reached >= 1);
            phone.awaitMessage(m -> "to all".equals(m.getDataString()), WAIT);
            desk.awaitMessage(m -> "to all".equals(m.getDataString()), WAIT);

            JsonObject first = listed.getJsonArray("devices").getJsonObject(0);
            assertEquals(204, call("DELETE", "/api/admin/sessions/" + node + "/" + first.getString("member") + "/"
                    + first.getJsonNumber("connection").longValue(), null, ADMIN).statusCode());
            CompletableFuture.anyOf(phone.closeFuture(), desk.closeFuture()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(1, Stream.of(phone, desk).filter(TimClient::isOpen).count(), "one device kicked, one left");
            TestCluster.awaitCondition(() -> devicesOnline(node) == 1, "the kicked device leaves the directory");
            assertEquals(1, json(call("DELETE", "/api/admin/sessions/" + node, null, ADMIN), 200).getInt("devices"));
            TimClient left = phone.isOpen() ? phone : desk;
            left.awaitAck(a -> a.getTimType() == FrameType.LOGOUT, WAIT);
            left.closeFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        TestCluster.awaitCondition(() -> devicesOnline(node) == 0, "both devices leave the directory");
        users.login(name, node, false).close(); // a kick is not a ban
        assertProblem(call("DELETE", "/api/admin/sessions/" + node, null, ADMIN), 404, "nobody online any more");
        assertProblem(call("DELETE", "/api/admin/sessions/" + node, null, AUDITOR), 403, "an auditor kicking");
    }

    @Test
    void badRequestsGetProblemDocuments() throws Exception {
        String name = Users.uniqueName("dup");
        String node = json(call("POST", "/api/admin/accounts", "{\"name\":\"" + name + "\"}", ADMIN), 201).getString("node");
        String to = "{\"to\":\"" + node + "\"";
        String[][] cases = {
            {"POST", "/api/admin/messages", "{}", "400"},
            {"POST", "/api/admin/messages", "{\"to\":\"NoSuchNode1\",\"text\":\"x\"}", "404"},
            {"POST", "/api/admin/messages", to + ",\"room\":\"r\",\"text\":\"x\"}", "400"},
            {"POST", "/api/admin/messages", to + "}", "400"},
            {"POST", "/api/admin/messages", to + ",\"binary\":\"%%%\"}", "400"},
            {"POST", "/api/admin/messages", to + ",\"text\":\"x\",\"kind\":2}", "400"},
            {"POST", "/api/admin/messages", to + ",\"text\":\"x\",\"kind\":99999999999}", "400"},
            {"POST", "/api/admin/messages", to + ",\"text\":\"x\",\"extend\":[1]}", "400"},
            {"POST", "/api/admin/messages", "{\"room\":\"NoSuchRoom1\",\"text\":\"x\"}", "404"},
            {"POST", "/api/admin/broadcasts", "{}", "400"},
            {"GET", "/api/admin/chats/NoSuchNode1/" + node + "/messages", null, "404"},
            {"GET", "/api/admin/rooms/NoSuchRoom1/messages", null, "404"},
            {"GET", "/api/admin/accounts/" + node + "/system-messages?before=-1", null, "400"},
            {"GET", "/api/admin/accounts/NoSuchNode1/offline", null, "404"},
            {"GET", "/api/admin/sessions?limit=0", null, "400"},
            {"DELETE", "/api/admin/sessions/" + node + "/member/1", null, "404"},
            {"POST", "/api/admin/accounts", "{\"name\":\"" + name + "\"}", "409"},
            {"POST", "/api/admin/accounts", "{\"name\":42}", "400"},
            {"POST", "/api/admin/accounts", "{}", "400"},
            {"POST", "/api/admin/accounts", "not json", "400"},
            {"POST", "/api/admin/accounts", "{\"name\":\"a\\ud800\"}", "400"},
            {"GET", "/api/admin/accounts/NoSuchNode1", null, "404"},
            {"POST", "/api/admin/accounts/NoSuchNode1/ban", "{}", "404"},
            {"POST", "/api/admin/accounts/NoSuchNode1/ban", "{\"duration\":\"a week\"}", "400"},
            {"PUT", "/api/admin/accounts/NoSuchNode1/password", "{\"password\":\"x\"}", "404"},
            {"DELETE", "/api/admin/accounts/NoSuchNode1", null, "404"},
            {"POST", "/api/admin/tokens", "{}", "400"},
            {"POST", "/api/admin/tokens", "{\"name\":\"a\",\"node\":\"b\"}", "400"},
            {"POST", "/api/admin/tokens", "{\"node\":\"NoSuchNode1\"}", "404"},
        };
        for (String[] c : cases) {
            assertProblem(call(c[0], c[1], c[2], ADMIN), Integer.parseInt(c[3]), c[0] + " " + c[1] + " " + c[2]);
        }
    }
}
