package org.parley.application;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.parley.protocol.Tid;
import org.parley.protocol.TimPresence;

/** Who gets a presence, under both presence policies, against in-memory relations. */
class PresenceServiceTest {

    private static final String ANN = "AnnNode1111";
    private static final String BOB = "BobNode1111";
    private static final String CAT = "CatNode1111";
    private static final String DAN = "DanNode1111";

    private final InMemoryAccountStore accounts = new InMemoryAccountStore();
    private final InMemoryRelationStore relations = new InMemoryRelationStore();
    private final FakeDelivery delivery = new FakeDelivery();

    private PresenceService service(Settings settings) {
        accounts.register(ANN, BOB, CAT, DAN);
        RosterService roster = new RosterService();
        roster.accounts = accounts;
        roster.relations = relations;
        roster.config = settings;
        PresenceService presence = new PresenceService();
        presence.accounts = accounts;
        presence.relations = roster;
        presence.delivery = delivery;
        presence.config = settings;
        Set<String> hidden = new HashSet<>();
        presence.invisible = new InvisibleUsers() {
            @Override
            public boolean isInvisible(String user) {
                return hidden.contains(user);
            }

            @Override
            public void setInvisible(String user, boolean value) {
                if (value) {
                    hidden.add(user);
                } else {
                    hidden.remove(user);
                }
            }
        };
        relations.befriend(ANN, BOB);
        relations.block(DAN, ANN);
        return presence;
    }

    private List<String> recipients() {
        List<FakeDelivery.SendPresence> sent = delivery.callsOf(FakeDelivery.SendPresence.class);
        return sent.get(sent.size() - 1).users();
    }

    private static TimPresence to(String... nodes) {
        return new TimPresence().setStatus("here").setToList(List.of(nodes));
    }

    @Test
    void byDefaultOnlyFriendsGetAPresenceAddressedToThemByName() {
        PresenceService presence = service(TestSettings.defaults());
        presence.presence(new Tid(ANN), to(BOB, CAT, DAN));
        assertEquals(List.of(BOB), recipients());
    }

    @Test
    void underTimsPolicyAnyoneNamedGetsItButABlockStillHolds() {
        PresenceService presence = service(TestSettings.defaults().withTimPresence());
        presence.presence(new Tid(ANN), to(BOB, CAT, DAN));
        assertEquals(List.of(BOB, CAT), recipients(), "Dan blocked Ann");
        presence.broadcast(new Tid(ANN), new TimPresence().setStatus("here").setToList(List.of(CAT)));
        assertEquals(List.of(CAT), recipients());
    }

    @Test
    void aBroadcastToAllFriendsStaysWithFriendsUnderEitherPolicy() {
        PresenceService presence = service(TestSettings.defaults().withTimPresence());
        presence.broadcast(new Tid(ANN), new TimPresence().setStatus("here"));
        assertEquals(List.of(BOB), recipients());
    }
}
