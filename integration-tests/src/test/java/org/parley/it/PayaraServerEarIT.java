package org.parley.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.parley.it.Users.WAIT;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.parley.client.Inbound;
import org.parley.client.TimClient;
import org.parley.protocol.FrameType;
import org.parley.protocol.TimMessage;

/**
 * The EAR on Payara Server (the distribution zip from Maven Central), set up exactly as docs/operations.md tells an
 * operator: domain-config/deploy-to-payara-server.sh starts the domain, creates the shard pools and deploys.
 */
class PayaraServerEarIT {

    private static final Path PAYARA = Path.of(MicroNode.property("parley.payaraHome"));

    @BeforeAll
    static void deploy() throws Exception {
        run(List.of("bash", Path.of(MicroNode.property("parley.domainConfig"), "deploy-to-payara-server.sh").toString(),
                PAYARA.toString(), MicroNode.property("parley.ear")));
    }

    @AfterAll
    static void stopDomain() throws Exception {
        run(List.of("bash", PAYARA.resolve("bin/asadmin").toString(), "stop-domain"));
    }

    @Test
    void registerLoginSendAndReceiveOnTheEar() throws Exception {
        Users users = new Users(URI.create("ws://127.0.0.1:8080/tim"));
        String aliceName = Users.uniqueName("alice");
        String bobName = Users.uniqueName("bob");
        String alice = users.register(aliceName, false);
        String bob = users.register(bobName, true);
        users.befriend(aliceName, alice, bobName, bob);
        try (TimClient a = users.login(aliceName, alice, false)) {
            a.sendMessage(bob, "queued on the EAR");
            a.awaitMessage(m -> "queued on the EAR".equals(m.getDataString()), WAIT);
            try (TimClient b = users.login(bobName, bob, true)) {
                List<TimMessage> offline = b.fetchOffline().get(15, TimeUnit.SECONDS);
                assertEquals(List.of("queued on the EAR"), offline.stream().map(TimMessage::getDataString).toList());

                b.sendMessage(alice, "live on the EAR");
                long mid = b.awaitMessage(m -> "live on the EAR".equals(m.getDataString()), WAIT).getMid();
                Inbound push = a.awaitNext(f -> f.message() != null && "live on the EAR".equals(f.message().getDataString()), WAIT);
                assertTrue(push.ackRequired());
                assertEquals(mid, push.message().getMid());
            }
        }
    }

    /**
     * Operators of the server's file realm, created as docs/integrating.md tells (the password from a file, never on
     * the command line), reach /api by their group's role; a user of no Parley group and a wrong password do not.
     */
    @Test
    void operatorsOfTheServersRealmUseTheApiByTheirGroup() throws Exception {
        String suffix = Long.toString(System.nanoTime(), 36);
        String admin = "ops" + suffix;
        String auditor = "audit" + suffix;
        String stranger = "guest" + suffix;
        String password = "pw-" + suffix;
        Path passwordFile = Files.createTempFile("parley-operator", ".txt");
        try {
            Files.writeString(passwordFile, "AS_ADMIN_USERPASSWORD=" + password + "\n");
            for (String[] user : new String[][] {{admin, "parley-admin"}, {auditor, "parley-auditor"}, {stranger, "staff"}}) {
                run(List.of("bash", PAYARA.resolve("bin/asadmin").toString(), "--passwordfile", passwordFile.toString(),
                        "create-file-user", "--groups", user[1], user[0]));
            }
        } finally {
            Files.delete(passwordFile);
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        assertEquals(200, basic(http, "GET", "/api/cluster", admin, password).statusCode());
        assertEquals(200, basic(http, "GET", "/api/cluster", auditor, password).statusCode());
        assertEquals(403, basic(http, "POST", "/api/admin/key-rotation", auditor, password).statusCode());
        assertEquals(401, basic(http, "GET", "/api/cluster", stranger, password).statusCode());
        assertEquals(401, basic(http, "GET", "/api/cluster", admin, "wrong").statusCode());
    }

    private static HttpResponse<String> basic(HttpClient http, String method, String path, String user, String password)
            throws Exception {
        String credentials = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:8080" + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .header("Authorization", "Basic " + credentials).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).inheritIO().start();
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "timed out: " + command);
        assertEquals(0, p.exitValue(), "failed: " + command);
    }
}
