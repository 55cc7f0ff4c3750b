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
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
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

        // Only /health is public. Payara serves its secured endpoints over TLS only (plain HTTP is redirected to
        // 8181, its self-signed listener); there they ask for credentials, and the OpenAPI document is for operators.
        assertEquals(200, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:8080/health")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        for (String closed : new String[] {"/openapi/", "/metrics"}) {
            assertEquals(401, tls(closed, null, null).status(), closed + " without credentials");
        }
        assertEquals(200, tls("/metrics", auditor, password).status());
        TlsAnswer document = tls("/openapi/", auditor, password);
        assertEquals(200, document.status());
        for (String operation : new String[] {"/api/admin/accounts:", "/api/admin/accounts/{node}/ban:",
                "/api/admin/tokens:", "/api/admin/messages:", "/api/admin/broadcasts:", "/api/admin/sessions:",
                "/api/admin/sessions/{node}/{member}/{connection}:", "/api/admin/chats/{a}/{b}/messages:",
                "/api/admin/rooms/{room}/messages:", "/api/admin/accounts/{node}/offline:", "/api/admin/shards/moves:",
                "/api/admin/key-rotation:", "/api/cluster:", "/api/admin/audit:", "/api/admin/rooms/{room}:",
                "/api/admin/accounts/{node}/roster:", "Ban an account", "bearer"}) {
            assertTrue(document.body().contains(operation), () -> operation + " is not in " + document.body());
        }
    }

    private record TlsAnswer(int status, String body) {
    }

    /** A GET on the domain's TLS listener (self-signed: any certificate and host name is accepted here). */
    private static TlsAnswer tls(String path, String user, String password) throws Exception {
        SSLContext trustAll = SSLContext.getInstance("TLS");
        trustAll.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        HttpsURLConnection c = (HttpsURLConnection) URI.create("https://127.0.0.1:8181" + path).toURL().openConnection();
        c.setSSLSocketFactory(trustAll.getSocketFactory());
        c.setHostnameVerifier((host, session) -> true);
        c.setInstanceFollowRedirects(false);
        if (user != null) {
            c.setRequestProperty("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        int status = c.getResponseCode();
        try (var in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
            return new TlsAnswer(status, in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } finally {
            c.disconnect();
        }
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
