package org.parley.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.parley.it.Users.WAIT;

import java.net.URI;
import java.nio.file.Path;
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

    private static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).inheritIO().start();
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "timed out: " + command);
        assertEquals(0, p.exitValue(), "failed: " + command);
    }
}
