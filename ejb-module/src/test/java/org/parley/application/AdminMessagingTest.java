package org.parley.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parley.domain.DeviceRecord;
import org.parley.domain.MessageKind;
import org.parley.protocol.ErrorCode;
import org.parley.protocol.Tid;
import org.parley.protocol.TimMessage;
import org.parley.protocol.TimReq;

/** An operator's messages, history export and sessions against the real services on in-memory ports. */
class AdminMessagingTest {

    private final Wiring w = new Wiring();
    private final AccountAdministrationTest.ListedSessions sessions = new AccountAdministrationTest.ListedSessions();
    private final RecordingAuditTrail audited = new RecordingAuditTrail();
    private final AdminMessaging admin = new AdminMessaging();
    private final HistoryExport export = new HistoryExport();
    private final SessionAdministration online = new SessionAdministration();
    private final RoomAdministration directory = new RoomAdministration();

    @BeforeEach
    void wire() {
        w.accounts.register("ann", "bob", "cat");
        AuditTrail audit = audited;
        admin.accounts = w.accounts;
        admin.rooms = w.roomStore;
        admin.messages = w.messages;
        admin.messaging = w.messaging;
        admin.delivery = w.delivery;
        admin.sessions = sessions;
        admin.settings = TestSettings.defaults();
        admin.audit = audit;
        OfflineService offline = new OfflineService();
        offline.messages = w.messages;
        offline.rooms = w.roomStore;
        offline.delivery = w.delivery;
        offline.config = TestSettings.defaults();
        export.messages = w.messages;
        export.accounts = w.accounts;
        export.rooms = w.roomStore;
        export.offline = offline;
        export.audit = audit;
        directory.rooms = w.roomStore;
        directory.accounts = w.accounts;
        directory.roster = w.roster;
        online.sessions = sessions;
        online.delivery = w.delivery;
        online.audit = audit;
    }

    private static AdminMessaging.Content text(String text) {
        return new AdminMessaging.Content(text, null, null, null, null);
    }

    @Test
    void aSystemMessageIsStoredQueuedAndPushedFromNoUser() {
        long mid = admin.noticeToUser("ops", "ann", text("maintenance at 22:00"));
        List<FakeDelivery.PushQueued> pushes = w.delivery.pushesQueuedTo("ann");
        assertEquals(1, pushes.size());
        TimMessage pushed = pushes.get(0).message();
        assertEquals(MessageKind.MS_SYSTEM, (int) pushed.getMsType());
        assertEquals(mid, pushed.getMid());
        assertNull(pushed.getFromTid(), "a system message comes from no user");
        assertTrue(pushes.get(0).queued() != null, "queued until a device acknowledges it");

        HistoryExport.Page page = export.system("ann", 0, 10);
        assertEquals(List.of("maintenance at 22:00"), page.messages().stream().map(TimMessage::getDataString).toList());
        assertNull(page.messages().get(0).getFromTid());
        assertEquals(List.of("maintenance at 22:00"),
                export.waiting("ann").stream().map(TimMessage::getDataString).toList());
        assertEquals(1, export.discardWaiting("ops", "ann"));
        assertEquals(List.of(), export.waiting("ann"));
        assertEquals(List.of("ops message.system ann", "ops offline.discard ann"), audited.lines());
    }

    @Test
    void onBehalfOfAUserTheUsersRulesApply() {
        OperationRefused none = assertThrows(OperationRefused.class,
                () -> admin.onBehalf("ops", "zed", "bob", null, text("hi")));
        assertTrue(none.notFound());
        TimFailure stranger = assertThrows(TimFailure.class, () -> admin.onBehalf("ops", "ann", "bob", null, text("hi")));
        assertEquals(ErrorCode.PERMISSION_DENIED, stranger.code(), "ann and bob are not friends");
        w.relations.befriend("ann", "bob");
        long mid = admin.onBehalf("ops", "ann", "bob", null, text("hi from ann"));
        assertTrue(mid > 0);
        TimMessage toBob = w.delivery.pushesQueuedTo("bob").get(0).message();
        assertEquals("ann", toBob.getFromTid().getNode());
        assertEquals(mid, toBob.getMid());
        assertEquals(List.of("ops message.on-behalf ann"), audited.lines());
    }

    @Test
    void aRoomGetsTheSystemMessageInItsHistoryAndHistoryPagesLinkUp() {
        String room = w.rooms.create(new Tid("ann"), new TimReq().setNode("topic").setReqInt(2L)).getN();
        w.rooms.join(new Tid("bob"), new TimReq().setNode(room).setReqStr("hi"));
        long first = admin.noticeToRoom("ops", room, text("one"));
        admin.noticeToRoom("ops", room, text("two"));
        admin.noticeToRoom("ops", room, text("three"));
        assertEquals(3, w.delivery.callsOf(FakeDelivery.PushToRoom.class).size());

        HistoryExport.Page newest = export.room(room, 0, 2);
        assertEquals(List.of("three", "two"), newest.messages().stream().map(TimMessage::getDataString).toList());
        HistoryExport.Page older = export.room(room, newest.next(), 2);
        assertEquals(List.of("one"), older.messages().stream().map(TimMessage::getDataString).toList());
        assertEquals(first, older.messages().get(0).getMid());
        assertEquals(0, older.next(), "a short page is the last");
        assertTrue(assertThrows(OperationRefused.class, () -> admin.noticeToRoom("ops", "nope", text("x"))).notFound());
        assertTrue(assertThrows(OperationRefused.class, () -> export.room("nope", 0, 5)).notFound());
        assertThrows(OperationRefused.class, () -> export.room(room, -1, 5));
        assertThrows(OperationRefused.class, () -> admin.noticeToRoom("ops", room, text(null)));
        assertThrows(OperationRefused.class,
                () -> admin.noticeToRoom("ops", room, new AdminMessaging.Content("x", null, 2, null, null)), "a revoke");
    }

    @Test
    void aBroadcastReachesEveryoneOnlineAndKicksAreAudited() {
        assertThrows(OperationRefused.class, () -> admin.broadcast("ops", text(null)), "empty, even with nobody online");
        DeviceRecord annPhone = new DeviceRecord("m1", 1, 1, "phone", 1);
        sessions.devices.put("ann", List.of(annPhone));
        sessions.devices.put("cat", List.of(new DeviceRecord("m2", 2, 1, "desk", 2)));
        assertEquals(2, admin.broadcast("ops", text("hello all")));
        assertEquals(1, w.delivery.pushesQueuedTo("ann").size());
        assertEquals(1, w.delivery.pushesQueuedTo("cat").size());
        assertEquals(List.of(), w.delivery.pushesQueuedTo("bob"), "bob is offline");

        SessionAdministration.Page first = online.online(null, 1);
        assertEquals("ann", first.users().get(0).user());
        SessionAdministration.Page second = online.online(first.next(), 1);
        assertEquals("cat", second.users().get(0).user());
        assertNull(online.online(second.next(), 1).next(), "the end");

        online.kick("ops", "ann", "m1", 1);
        assertEquals(List.of(new FakeDelivery.Kick("ann", annPhone)), w.delivery.callsOf(FakeDelivery.Kick.class));
        assertTrue(assertThrows(OperationRefused.class, () -> online.kick("ops", "ann", "m1", 99)).notFound());
        assertTrue(assertThrows(OperationRefused.class, () -> online.kick("ops", "bob")).notFound());
        assertEquals(1, online.kick("ops", "cat"));
        assertEquals(List.of("ops message.broadcast null", "ops session.kick ann", "ops session.kick cat"), audited.lines());
    }

    @Test
    void anOperatorReadsRoomsAndRosters() {
        w.relations.befriend("ann", "bob");
        String room = w.rooms.create(new Tid("ann"), new TimReq().setNode("topic").setReqInt(2L)).getN();
        w.rooms.join(new Tid("cat"), new TimReq().setNode(room).setReqStr("hi"));
        RoomAdministration.RoomView view = directory.room(room);
        assertEquals("ann", view.founder());
        assertTrue(view.open());
        assertEquals(List.of("ann", "cat"), view.members().stream().sorted().toList());
        RoomAdministration.RosterView ann = directory.roster("ann");
        assertEquals(List.of("bob"), ann.friends());
        assertEquals(List.of(room), ann.rooms());
        assertTrue(assertThrows(OperationRefused.class, () -> directory.room("nope")).notFound());
        assertTrue(assertThrows(OperationRefused.class, () -> directory.roster("zed")).notFound());
    }
}
