package org.parley.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.parley.it.Users.WAIT;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.parley.client.TimClient;
import org.parley.protocol.TimMessage;

/** A node stopped and started again on the same data directory keeps its users, history and offline queues. */
class NodeRestartIT {

    @Test
    void usersHistoryAndOfflineQueuesSurviveARestart() throws Exception {
        Path data = Files.createDirectories(Path.of(MicroNode.property("parley.testDir"))).resolve("restart-" + System.nanoTime());
        List<String> options = List.of("-Dparley.ack.timeout=PT2S");
        String aliceName = Users.uniqueName("alice");
        String bobName = Users.uniqueName("bob");
        String alice;
        String bob;
        List<Long> mids = new ArrayList<>();

        try (MicroNode node = new MicroNode(data, options).start()) {
            Users users = new Users(node.wsUri());
            alice = users.register(aliceName, false);
            bob = users.register(bobName, true);
            users.befriend(aliceName, alice, bobName, bob);
            try (TimClient a = users.login(aliceName, alice, false)) {
                for (int i = 1; i <= 3; i++) {
                    String text = "before restart " + i;
                    a.sendMessage(bob, text);
                    mids.add(a.awaitMessage(m -> text.equals(m.getDataString()), WAIT).getMid());
                }
            }
        }

        try (MicroNode node = new MicroNode(data, options).start()) {
            Users users = new Users(node.wsUri());
            try (TimClient a = users.login(aliceName, alice, false); TimClient b = users.login(bobName, bob, true)) {
                List<TimMessage> history = a.pullHistory(bob, 0, 10).get(15, TimeUnit.SECONDS);
                assertEquals(List.of(mids.get(2), mids.get(1), mids.get(0)), history.stream().map(TimMessage::getMid).toList());
                List<TimMessage> offline = b.fetchOffline().get(15, TimeUnit.SECONDS);
                assertEquals(mids, offline.stream().map(TimMessage::getMid).toList());

                // New messages continue the chat's sequence.
                a.sendMessage(bob, "after restart");
                long next = a.awaitMessage(m -> "after restart".equals(m.getDataString()), WAIT).getMid();
                assertEquals(next, b.awaitMessage(m -> "after restart".equals(m.getDataString()), WAIT).getMid());
                assertEquals(true, next > mids.get(2));
            }
        }
    }
}
