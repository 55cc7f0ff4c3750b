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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.parley.client.TimClient;
import org.parley.protocol.ErrorCode;
import org.parley.protocol.FrameType;
import org.parley.protocol.TimAck;

/**
 * /api/admin/accounts and /api/admin/tokens on the deployed node: who may call them, what they change for tim
 * clients (a ban kicks and refuses, a token from the API logs in), and their answers to bad input.
 */
class AdminAccountsIT extends DeployedNode {

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

    @Test
    void badRequestsGetProblemDocuments() throws Exception {
        String name = Users.uniqueName("dup");
        json(call("POST", "/api/admin/accounts", "{\"name\":\"" + name + "\"}", ADMIN), 201);
        String[][] cases = {
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
