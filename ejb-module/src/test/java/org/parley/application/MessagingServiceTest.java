package org.parley.application;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.parley.domain.ChatId;
import org.parley.domain.Message;
import org.parley.domain.MessageKind;
import org.parley.protocol.ErrorCode;
import org.parley.protocol.FrameType;
import org.parley.protocol.ThriftCodec;
import org.parley.protocol.Tid;
import org.parley.protocol.TimAck;
import org.parley.protocol.TimMessage;
import org.parley.protocol.TimReq;

/** Who may send what to whom, and where each kind of message goes (wire spec §5.12), against in-memory ports. */
class MessagingServiceTest {

    private static final String ANN = "ann";
    private static final String BOB = "bob";
    private static final String CAT = "cat";
    private static final String DAN = "dan";

    /** A full session Tid, as login makes it: what live copies carry as {@code fromTid}. */
    private static final Tid ANN_SESSION = session(ANN);
    private static final Tid BOB_SESSION = session(BOB);
    private static final Tid CAT_SESSION = session(CAT);

    private Wiring w = wiring(TestSettings.defaults());

    private static Tid session(String node) {
        return new Tid(node).setDomain("parley.test").setResource("phone").setTermtyp((byte) 1);
    }

    private static Wiring wiring(Settings settings) {
        Wiring w = new Wiring(settings);
        w.accounts.register(ANN, BOB, CAT, DAN);
        return w;
    }

    private static TimMessage direct(String to, int odType) {
        return new TimMessage().setMsType((byte) MessageKind.MS_USER).setOdType((byte) odType).setToTid(new Tid(to));
    }

    private static TimMessage text(String to, String text) {
        return direct(to, MessageKind.NORMAL).setDataString(text);
    }

    private static TimMessage toRoom(String room, int odType) {
        return new TimMessage().setMsType((byte) MessageKind.MS_ROOM).setOdType((byte) odType).setRoomTid(new Tid(room));
    }

    private static void assertRefused(ErrorCode expected, Runnable send) {
        TimFailure f = assertThrows(TimFailure.class, send::run);
        assertEquals(expected, f.code());
    }

    /** Nothing was stored, queued or delivered. */
    private void assertNothingHappened() {
        assertEquals(List.of(), w.messages.chats(), "nothing stored");
        for (String user : List.of(ANN, BOB, CAT, DAN)) {
            assertEquals(List.of(), w.messages.queuedFor(user), "nothing queued for " + user);
        }
        assertEquals(List.of(), w.delivery.calls, "nothing delivered");
    }

    /** A room founded by {@code founder}, with the others joined (open room), as RoomService makes it. */
    private String room(String founder, String... members) {
        TimAck created = w.rooms.create(new Tid(founder), new TimReq().setNode("topic").setReqInt(2L));
        String room = created.getN();
        for (String m : members) {
            w.rooms.join(new Tid(m), new TimReq().setNode(room).setReqStr("hi"));
        }
        // The join notices are RoomService's business, not these tests': as if acknowledged.
        w.delivery.calls.clear();
        for (String user : List.of(ANN, BOB, CAT, DAN)) {
            w.messages.removeOffline(w.messages.queuedFor(user).stream().map(InMemoryMessageStore.Entry::ref).toList());
        }
        return room;
    }

    private long storedNormal(String from, String to) {
        w.relations.befriend(from, to);
        w.messaging.send(session(from), text(to, "to be taken back"));
        long mid = w.messages.messagesOf(ChatId.direct(from, to)).get(0).mid();
        w.delivery.calls.clear();
        return mid;
    }

    // size

    @Test
    void a_message_carrying_more_than_the_limit_is_refused_before_anything_happens() {
        w.relations.befriend(ANN, BOB);
        int limit = TestSettings.defaults().messageMaxBytes();
        String room = room(ANN, BOB);
        assertRefused(ErrorCode.PARAMETER_INCORRECT, () -> w.messaging.send(ANN_SESSION, text(BOB, "x".repeat(limit + 1))));
        // Two-byte characters count as two, binary and extend count too.
        assertRefused(ErrorCode.PARAMETER_INCORRECT, () -> w.messaging.send(ANN_SESSION,
                text(BOB, "é".repeat(limit / 2)).setExtend(Map.of("k", "v"))));
        assertRefused(ErrorCode.PARAMETER_INCORRECT, () -> w.messaging.send(ANN_SESSION,
                toRoom(room, MessageKind.NORMAL).setDataBinary(new byte[limit + 1])));
        assertNothingHappened();
        w.messaging.send(ANN_SESSION, text(BOB, "x".repeat(limit)));
        assertEquals(1, w.messages.messagesOf(ChatId.direct(ANN, BOB)).size(), "exactly the limit is fine");
    }

    // 1:1 normal messages

    @Test
    void a_normal_message_between_friends_is_stored_echoed_to_the_sender_and_pushed_with_its_queue_entry() {
        w.relations.befriend(ANN, BOB);

        w.messaging.send(ANN_SESSION, text(BOB, "hello").setId(42L).setUdtype((short) 7));

        List<Message> stored = w.messages.messagesOf(ChatId.direct(ANN, BOB));
        assertEquals(1, stored.size());
        Message m = stored.get(0);
        assertEquals(ANN, m.fromNode());
        assertEquals(BOB, m.toNode());
        assertEquals(MessageKind.NORMAL, m.odType());
        assertEquals("hello", MessageContent.toWire(m).getDataString());

        List<InMemoryMessageStore.Entry> queue = w.messages.queuedFor(BOB);
        assertEquals(1, queue.size(), "queued for the recipient in the same append");
        assertEquals(m.mid(), queue.get(0).mid());
        assertEquals(List.of(), w.messages.queuedFor(ANN), "the sender's copy is the echo, not a queue entry");

        assertEquals(2, w.delivery.calls.size());
        FakeDelivery.Send echo = (FakeDelivery.Send) w.delivery.calls.get(0);
        FakeDelivery.PushQueued push = (FakeDelivery.PushQueued) w.delivery.calls.get(1);
        assertEquals(ANN, echo.user(), "echo first, to every device of the sender");
        assertEquals(FrameType.MESSAGE, echo.frameType());
        assertEquals(BOB, push.user());
        assertEquals(queue.get(0).ref(), push.queued(), "the push names the entry written with the message");

        TimMessage live = push.message();
        assertEquals(live, echo.struct(), "echo and push are the same stored message");
        assertEquals(m.mid(), live.getMid());
        assertEquals(m.timestamp(), live.getTimestamp());
        assertEquals(42L, live.getId(), "a client id is kept");
        assertEquals(ANN_SESSION, live.getFromTid(), "fromTid is the full session Tid");
        assertEquals(new Tid(BOB).setDomain("parley.test"), live.getToTid(), "toTid gets the sender's domain");
        assertEquals("hello", live.getDataString());
        assertEquals((short) 7, live.getUdtype());
    }

    @Test
    void the_server_sets_an_id_when_the_client_sent_none_and_ignores_client_routing_fields() {
        w.relations.befriend(ANN, BOB);

        w.messaging.send(ANN_SESSION, text(BOB, "x").setFromTid(new Tid(DAN)).setMid(999L).setBnType(5)
                .setIsOffline(true));

        TimMessage live = w.delivery.pushesQueuedTo(BOB).get(0).message();
        assertNotNull(live.getId());
        assertEquals(ANN, live.getFromTid().getNode(), "the sender is who is logged in, not what the client says");
        assertEquals(1L, live.getMid(), "the mid is the store's");
        assertNull(live.getBnType());
        assertNull(live.getIsOffline());
    }

    @Test
    void a_first_message_that_loses_the_race_for_its_chat_sequence_is_retried() {
        w.relations.befriend(ANN, BOB);
        w.messages.failingAppends = 2;

        w.messaging.send(ANN_SESSION, text(BOB, "third time lucky"));

        assertEquals(3, w.messages.appendCalls);
        assertEquals(1, w.messages.messagesOf(ChatId.direct(ANN, BOB)).size());
        assertEquals(1, w.delivery.pushesQueuedTo(BOB).size());
    }

    @Test
    void a_store_that_keeps_failing_gives_a_database_error_and_delivers_nothing() {
        w.relations.befriend(ANN, BOB);
        w.messages.failingAppends = 3;

        assertRefused(ErrorCode.DATABASE_ERROR, () -> w.messaging.send(ANN_SESSION, text(BOB, "lost")));
        assertEquals(3, w.messages.appendCalls);
        assertNothingHappened();
    }

    // who may talk to whom

    @Test
    void a_stranger_may_not_write_while_friendship_is_required() {
        assertRefused(ErrorCode.PERMISSION_DENIED, () -> w.messaging.send(ANN_SESSION, text(BOB, "hi")));
        assertNothingHappened();
    }

    @Test
    void a_pending_friend_request_is_not_friendship() {
        w.relations.change(ANN, BOB, r -> r.requestedBy(ANN));

        assertRefused(ErrorCode.PERMISSION_DENIED, () -> w.messaging.send(ANN_SESSION, text(BOB, "hi")));
        assertRefused(ErrorCode.PERMISSION_DENIED, () -> w.messaging.send(BOB_SESSION, text(ANN, "hi")));
        assertNothingHappened();
    }

    @Test
    void without_required_friendship_a_stranger_may_write() {
        w = wiring(TestSettings.defaults().withRequireFriendship(false));

        w.messaging.send(ANN_SESSION, text(BOB, "hi"));

        assertEquals(1, w.messages.messagesOf(ChatId.direct(ANN, BOB)).size());
        assertEquals(1, w.delivery.pushesQueuedTo(BOB).size());
    }

    @Test
    void a_block_stops_messages_both_ways_even_without_required_friendship() {
        w = wiring(TestSettings.defaults().withRequireFriendship(false));
        w.relations.block(ANN, BOB);

        assertRefused(ErrorCode.PERMISSION_DENIED, () -> w.messaging.send(ANN_SESSION, text(BOB, "from the blocker")));
        assertRefused(ErrorCode.PERMISSION_DENIED, () -> w.messaging.send(BOB_SESSION, text(ANN, "from the blocked")));
        assertNothingHappened();
    }

    @Test
    void a_block_stops_every_kind_not_only_normal_messages() {
        w = wiring(TestSettings.defaults().withRequireFriendship(false));
        w.relations.block(BOB, ANN);

        for (int odType : new int[] {MessageKind.BUSINESS, MessageKind.STREAM, MessageKind.BIG_STRING, 31}) {
            assertRefused(ErrorCode.PERMISSION_DENIED,
                    () -> w.messaging.send(ANN_SESSION, direct(BOB, odType).setDataString("x")));
        }
        assertNothingHappened();
    }

    @Test
    void an_unknown_recipient_or_a_malformed_node_is_an_incorrect_account() {
        w = wiring(TestSettings.defaults().withRequireFriendship(false));

        assertRefused(ErrorCode.ACCOUNT_INCORRECT, () -> w.messaging.send(ANN_SESSION, text("eve", "hi")));
        assertRefused(ErrorCode.ACCOUNT_INCORRECT, () -> w.messaging.send(ANN_SESSION, text("not base58!", "hi")));
        assertRefused(ErrorCode.ACCOUNT_INCORRECT, () -> w.messaging.send(ANN_SESSION, text("", "hi")));
        assertRefused(ErrorCode.ACCOUNT_INCORRECT,
                () -> w.messaging.send(ANN_SESSION, text(BOB, "hi").setToTid(null)));
        assertNothingHappened();
    }

    @ParameterizedTest
    @ValueSource(ints = {MessageKind.MS_SYSTEM, 0, 4, 127})
    void only_user_and_room_messages_may_be_sent_by_clients(int msType) {
        w.relations.befriend(ANN, BOB);

        assertRefused(ErrorCode.PARAMETER_INCORRECT,
                () -> w.messaging.send(ANN_SESSION, text(BOB, "hi").setMsType((byte) msType)));
        assertNothingHappened();
    }

    @Test
    void a_message_without_ms_type_is_refused() {
        w.relations.befriend(ANN, BOB);

        assertRefused(ErrorCode.PARAMETER_INCORRECT,
                () -> w.messaging.send(ANN_SESSION, text(BOB, "hi").setMsType(null)));
        assertNothingHappened();
    }

    @Test
    void the_kinds_tim_reserves_8_to_30_and_kind_0_are_refused() {
        w.relations.befriend(ANN, BOB);

        for (int odType = 8; odType <= 30; odType++) {
            int kind = odType;
            assertRefused(ErrorCode.PARAMETER_INCORRECT, () -> w.messaging.send(ANN_SESSION, direct(BOB, kind)));
        }
        assertRefused(ErrorCode.PARAMETER_INCORRECT, () -> w.messaging.send(ANN_SESSION, direct(BOB, 0)));
        assertRefused(ErrorCode.PARAMETER_INCORRECT,
                () -> w.messaging.send(ANN_SESSION, direct(BOB, 1).setOdType(null)));
        assertNothingHappened();
    }

    @Test
    void a_client_to_list_never_widens_the_audience() {
        w.relations.befriend(ANN, BOB);

        w.messaging.send(ANN_SESSION, text(BOB, "just for bob").setToList(List.of(CAT, DAN)));
        w.messaging.send(ANN_SESSION, direct(BOB, MessageKind.BUSINESS).setBnType(3).setToList(List.of(CAT)));
        w.messaging.send(ANN_SESSION, direct(BOB, 40).setToList(List.of(CAT)));

        for (Object call : w.delivery.calls) {
            String user = call instanceof FakeDelivery.Send s ? s.user() : ((FakeDelivery.PushQueued) call).user();
            assertTrue(user.equals(ANN) || user.equals(BOB), "delivered to " + user);
        }
        assertEquals(List.of(), w.messages.queuedFor(CAT));
        assertEquals(List.of(), w.messages.queuedFor(DAN));
        w.delivery.pushesQueued().forEach(p -> assertNull(p.message().getToList(), "no fan-out list goes out"));
    }

    @Test
    void a_client_to_list_does_not_get_a_stranger_past_the_friendship_check() {
        w.relations.befriend(ANN, CAT);

        // tim v2 delivered to the list instead of toTid, skipping the check (§5.12 item 7).
        assertRefused(ErrorCode.PERMISSION_DENIED,
                () -> w.messaging.send(ANN_SESSION, text(BOB, "hi").setToList(List.of(CAT))));
        assertNothingHappened();
    }

    // kinds that are not kept in history

    @Test
    void a_stream_goes_to_the_peers_devices_now_and_is_neither_stored_nor_queued() {
        w.relations.befriend(ANN, BOB);

        w.messaging.send(ANN_SESSION, direct(BOB, MessageKind.STREAM).setDataString("{\"call\":1}"));

        assertEquals(List.of(), w.messages.chats());
        assertEquals(List.of(), w.messages.queuedFor(BOB));
        assertEquals(1, w.delivery.calls.size(), "no echo");
        FakeDelivery.Send send = w.delivery.sends().get(0);
        assertEquals(BOB, send.user());
        assertEquals(FrameType.MESSAGE, send.frameType());
        TimMessage m = (TimMessage) send.struct();
        assertEquals("{\"call\":1}", m.getDataString());
        assertEquals(ANN_SESSION, m.getFromTid());
        assertNotNull(m.getTimestamp());
    }

    @Test
    void a_business_message_is_queued_and_pushed_to_the_peer_keeping_its_bn_type_but_not_stored() {
        w.relations.befriend(ANN, BOB);

        w.messaging.send(ANN_SESSION, direct(BOB, MessageKind.BUSINESS).setBnType(77).setDataString("order"));

        assertEquals(List.of(), w.messages.chats(), "not in history");
        List<InMemoryMessageStore.Entry> queue = w.messages.queuedFor(BOB);
        assertEquals(1, queue.size());
        assertEquals(1, w.delivery.calls.size(), "no echo");
        FakeDelivery.PushQueued push = w.delivery.pushesQueuedTo(BOB).get(0);
        assertEquals(queue.get(0).ref(), push.queued());
        assertEquals(77, push.message().getBnType());
        assertEquals(ANN_SESSION, push.message().getFromTid());
        TimMessage offline = ThriftCodec.INSTANCE.decode(queue.get(0).payload(), TimMessage.class);
        assertEquals(new Tid(ANN), offline.getFromTid(), "the offline copy names the sender by node only");
        assertEquals("order", offline.getDataString());
    }

    @Test
    void user_defined_kinds_are_relayed_like_business_ones_without_a_bn_type() {
        w.relations.befriend(ANN, BOB);

        w.messaging.send(ANN_SESSION, direct(BOB, 31).setBnType(5).setDataString("custom"));

        assertEquals(List.of(), w.messages.chats());
        assertEquals(1, w.messages.queuedFor(BOB).size());
        TimMessage pushed = w.delivery.pushesQueuedTo(BOB).get(0).message();
        assertEquals((byte) 31, pushed.getOdType());
        assertEquals("custom", pushed.getDataString());
        assertNull(pushed.getBnType(), "only business messages keep a bnType");
    }

    @Test
    void a_big_string_message_goes_raw_to_the_peer_and_is_not_stored() {
        w.relations.befriend(ANN, BOB);

        w.messaging.send(ANN_SESSION, direct(BOB, MessageKind.BIG_STRING).setDataString("big"));

        assertEquals(List.of(), w.messages.chats());
        List<FakeDelivery.SendRaw> raw = w.delivery.callsOf(FakeDelivery.SendRaw.class);
        assertEquals(1, raw.size());
        assertEquals(Set.of(BOB), raw.get(0).users());
        assertArrayEquals(("_" + ANN + "|big").getBytes(StandardCharsets.UTF_8), raw.get(0).frame(),
                "[0x5F] <sender node>|<text>");
    }

    // revoke

    @Test
    void the_author_revokes_a_message_it_leaves_history_and_queues_and_both_sides_are_told() {
        long mid = storedNormal(ANN, BOB);
        assertEquals(1, w.messages.queuedFor(BOB).size());

        w.messaging.send(ANN_SESSION, direct(BOB, MessageKind.REVOKE).setMid(mid));

        assertEquals(List.of(), w.messages.messagesOf(ChatId.direct(ANN, BOB)));
        List<InMemoryMessageStore.Entry> bobQueue = w.messages.queuedFor(BOB);
        assertEquals(1, bobQueue.size(), "the message's own entry is gone; only the revoke notice waits");
        assertEquals(0, bobQueue.get(0).mid());

        for (String side : List.of(ANN, BOB)) {
            List<FakeDelivery.PushQueued> pushes = w.delivery.pushesQueuedTo(side);
            assertEquals(1, pushes.size(), side);
            TimMessage notice = pushes.get(0).message();
            assertEquals((byte) MessageKind.REVOKE, notice.getOdType());
            assertEquals(mid, notice.getMid());
            assertEquals(ANN, notice.getFromTid().getNode());
            assertEquals(BOB, notice.getToTid().getNode());
        }
        List<FakeDelivery.Send> acks = w.delivery.sends();
        assertEquals(1, acks.size());
        assertEquals(ANN, acks.get(0).user());
        assertEquals(FrameType.ACK, acks.get(0).frameType());
        assertEquals(new TimAck().setOk(true).setTimType((byte) FrameType.REVOKEMESSAGE).setT(2L).setN(BOB).setT2(mid),
                acks.get(0).struct(), "tim v1's confirmation, which webtim uses");
    }

    @Test
    void only_the_author_may_revoke() {
        long mid = storedNormal(ANN, BOB);

        assertRefused(ErrorCode.PERMISSION_DENIED,
                () -> w.messaging.send(BOB_SESSION, direct(ANN, MessageKind.REVOKE).setMid(mid)));

        assertEquals(1, w.messages.messagesOf(ChatId.direct(ANN, BOB)).size());
        assertEquals(List.of(), w.delivery.calls);
    }

    @Test
    void a_revoke_needs_a_mid_of_a_message_that_is_there() {
        long mid = storedNormal(ANN, BOB);

        assertRefused(ErrorCode.PARAMETER_INCORRECT,
                () -> w.messaging.send(ANN_SESSION, direct(BOB, MessageKind.REVOKE)));
        assertRefused(ErrorCode.PARAMETER_INCORRECT,
                () -> w.messaging.send(ANN_SESSION, direct(BOB, MessageKind.REVOKE).setMid(mid + 1)));
        w.messaging.send(ANN_SESSION, direct(BOB, MessageKind.REVOKE).setMid(mid));
        w.delivery.calls.clear();
        assertRefused(ErrorCode.PARAMETER_INCORRECT,
                () -> w.messaging.send(ANN_SESSION, direct(BOB, MessageKind.REVOKE).setMid(mid)));
        assertEquals(List.of(), w.delivery.calls, "revoked twice: told once");
    }

    @Test
    void a_revoke_cannot_reach_into_another_chat() {
        w.relations.befriend(ANN, CAT);
        long midWithBob = storedNormal(ANN, BOB);

        // Same mid, but the chat with cat has no such message.
        assertRefused(ErrorCode.PARAMETER_INCORRECT,
                () -> w.messaging.send(ANN_SESSION, direct(CAT, MessageKind.REVOKE).setMid(midWithBob)));
        assertEquals(1, w.messages.messagesOf(ChatId.direct(ANN, BOB)).size());
    }

    @Test
    void a_revoke_needs_friendship_at_the_time_of_the_revoke() {
        long mid = storedNormal(ANN, BOB);
        w.relations.change(ANN, BOB, r -> r.removedBy(BOB));

        assertRefused(ErrorCode.PERMISSION_DENIED,
                () -> w.messaging.send(ANN_SESSION, direct(BOB, MessageKind.REVOKE).setMid(mid)));
        assertEquals(1, w.messages.messagesOf(ChatId.direct(ANN, BOB)).size());
    }

    // burn

    @Test
    void the_reader_burns_what_the_other_side_wrote_and_both_sides_are_told() {
        long mid = storedNormal(ANN, BOB);

        w.messaging.send(BOB_SESSION, direct(ANN, MessageKind.BURN).setMid(mid));

        assertEquals(List.of(), w.messages.messagesOf(ChatId.direct(ANN, BOB)));
        assertEquals(List.of(), w.messages.queuedFor(BOB).stream().filter(e -> e.mid() == mid).toList(),
                "the burned message is no longer queued for the reader");
        for (String side : List.of(ANN, BOB)) {
            List<FakeDelivery.PushQueued> pushes = w.delivery.pushesQueuedTo(side);
            assertEquals(1, pushes.size(), side);
            assertEquals((byte) MessageKind.BURN, pushes.get(0).message().getOdType());
            assertEquals(mid, pushes.get(0).message().getMid());
            assertEquals(BOB, pushes.get(0).message().getFromTid().getNode());
        }
        assertEquals(List.of(), w.delivery.sends(), "no confirmation ack for a burn");
    }

    @Test
    void nobody_burns_their_own_message() {
        long mid = storedNormal(ANN, BOB);

        assertRefused(ErrorCode.PERMISSION_DENIED,
                () -> w.messaging.send(ANN_SESSION, direct(BOB, MessageKind.BURN).setMid(mid)));
        assertEquals(1, w.messages.messagesOf(ChatId.direct(ANN, BOB)).size());
        assertEquals(List.of(), w.delivery.calls);
    }

    @Test
    void a_burn_needs_a_mid_of_a_message_that_is_there() {
        long mid = storedNormal(ANN, BOB);

        assertRefused(ErrorCode.PARAMETER_INCORRECT,
                () -> w.messaging.send(BOB_SESSION, direct(ANN, MessageKind.BURN)));
        assertRefused(ErrorCode.PARAMETER_INCORRECT,
                () -> w.messaging.send(BOB_SESSION, direct(ANN, MessageKind.BURN).setMid(mid + 5)));
        assertEquals(1, w.messages.messagesOf(ChatId.direct(ANN, BOB)).size());
    }

    // rooms

    @Test
    void a_room_message_is_stored_once_and_handed_to_room_delivery_with_its_mid() {
        String room = room(ANN, BOB, CAT);

        w.messaging.send(ANN_SESSION, toRoom(room, MessageKind.NORMAL).setDataString("hello room")
                .setToTid(new Tid(DAN)).setToList(List.of(DAN)).setBnType(3));

        List<Message> stored = w.messages.messagesOf(ChatId.room(room));
        assertEquals(1, stored.size());
        assertEquals(room, stored.get(0).roomNode());
        for (String user : List.of(ANN, BOB, CAT, DAN)) {
            assertEquals(List.of(), w.messages.queuedFor(user), "no queue row per member");
        }
        assertEquals(1, w.delivery.calls.size(), "one hand-over, nothing per member");
        FakeDelivery.PushToRoom push = (FakeDelivery.PushToRoom) w.delivery.calls.get(0);
        assertEquals(room, push.room());
        assertEquals(stored.get(0).mid(), push.mid());
        TimMessage m = push.message();
        assertEquals(stored.get(0).mid(), m.getMid());
        assertEquals(stored.get(0).timestamp(), m.getTimestamp());
        assertEquals(new Tid(room), m.getRoomTid());
        assertEquals(ANN_SESSION, m.getFromTid());
        assertNull(m.getToTid(), "room copies have no toTid");
        assertNull(m.getToList());
        assertNull(m.getBnType());
        assertNotNull(m.getId());
        assertEquals("hello room", m.getDataString());
    }

    @Test
    void a_room_message_is_checked_against_the_directory_and_reads_no_room_row() {
        String room = room(ANN, BOB);
        w.directory.view(room); // this node already holds the room
        w.roomStore.reads = 0;

        w.messaging.send(BOB_SESSION, toRoom(room, MessageKind.NORMAL).setDataString("x"));

        assertEquals(0, w.roomStore.reads);
        assertEquals(1, w.delivery.callsOf(FakeDelivery.PushToRoom.class).size());
    }

    @Test
    void only_members_of_an_alive_room_may_write_to_it() {
        String room = room(ANN, BOB);

        assertRefused(ErrorCode.PERMISSION_DENIED,
                () -> w.messaging.send(CAT_SESSION, toRoom(room, MessageKind.NORMAL).setDataString("let me in")));
        assertRefused(ErrorCode.PERMISSION_DENIED,
                () -> w.messaging.send(CAT_SESSION, toRoom("nosuchroom", MessageKind.NORMAL)));
        assertRefused(ErrorCode.PERMISSION_DENIED,
                () -> w.messaging.send(CAT_SESSION, toRoom("bad room!", MessageKind.NORMAL)));
        assertRefused(ErrorCode.PERMISSION_DENIED,
                () -> w.messaging.send(ANN_SESSION, toRoom(room, MessageKind.NORMAL).setRoomTid(null)));
        assertNothingHappened();
    }

    @Test
    void a_member_who_left_may_no_longer_write() {
        String room = room(ANN, BOB);
        w.messaging.send(BOB_SESSION, toRoom(room, MessageKind.NORMAL));
        w.rooms.leave(BOB_SESSION, new TimReq().setNode(room));
        w.delivery.calls.clear();

        assertRefused(ErrorCode.PERMISSION_DENIED, () -> w.messaging.send(BOB_SESSION, toRoom(room, MessageKind.NORMAL)));
        assertEquals(List.of(), w.delivery.calls);
    }

    @Test
    void nobody_writes_to_a_cancelled_room() {
        String room = room(ANN);
        w.rooms.cancel(ANN_SESSION, new TimReq().setNode(room));

        assertRefused(ErrorCode.PERMISSION_DENIED, () -> w.messaging.send(ANN_SESSION, toRoom(room, MessageKind.NORMAL)));
        assertNothingHappened();
    }

    @Test
    void a_room_stream_goes_to_the_members_online_now_and_is_not_stored() {
        String room = room(ANN, BOB, CAT);

        w.messaging.send(BOB_SESSION, toRoom(room, MessageKind.STREAM).setDataString("frame"));

        assertEquals(List.of(), w.messages.chats());
        assertEquals(1, w.delivery.calls.size());
        FakeDelivery.SendToUsers send = (FakeDelivery.SendToUsers) w.delivery.calls.get(0);
        assertEquals(Set.of(ANN, BOB, CAT), send.users(), "every member, the sender included");
        assertEquals(FrameType.MESSAGE, send.frameType());
        assertEquals(new Tid(room), ((TimMessage) send.struct()).getRoomTid());
        assertEquals(BOB_SESSION, ((TimMessage) send.struct()).getFromTid());
    }

    @Test
    void a_room_big_string_goes_raw_to_the_members() {
        String room = room(ANN, BOB);

        w.messaging.send(BOB_SESSION, toRoom(room, MessageKind.BIG_STRING).setDataString("big"));

        List<FakeDelivery.SendRaw> raw = w.delivery.callsOf(FakeDelivery.SendRaw.class);
        assertEquals(1, raw.size());
        assertEquals(Set.of(ANN, BOB), raw.get(0).users());
        assertArrayEquals(("_" + BOB + "|big").getBytes(StandardCharsets.UTF_8), raw.get(0).frame());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, MessageKind.BURN, MessageKind.BUSINESS, 8, 31})
    void other_kinds_are_refused_in_rooms(int odType) {
        String room = room(ANN, BOB);

        assertRefused(ErrorCode.PARAMETER_INCORRECT,
                () -> w.messaging.send(ANN_SESSION, toRoom(room, odType).setMid(1L)));
        assertNothingHappened();
    }

    @Test
    void the_author_revokes_a_room_message_every_member_is_told_and_the_author_gets_the_confirmation() {
        String room = room(ANN, BOB, CAT);
        w.messaging.send(BOB_SESSION, toRoom(room, MessageKind.NORMAL).setDataString("oops"));
        long mid = w.messages.messagesOf(ChatId.room(room)).get(0).mid();
        w.delivery.calls.clear();

        w.messaging.send(BOB_SESSION, toRoom(room, MessageKind.REVOKE).setMid(mid));

        assertEquals(List.of(), w.messages.messagesOf(ChatId.room(room)));
        FakeDelivery.Send ack = w.delivery.sends().get(0);
        assertEquals(BOB, ack.user());
        assertEquals(new TimAck().setOk(true).setTimType((byte) FrameType.REVOKEMESSAGE).setT(3L).setN(room).setT2(mid),
                ack.struct());
        for (String member : List.of(ANN, BOB, CAT)) {
            List<FakeDelivery.PushQueued> pushes = w.delivery.pushesQueuedTo(member);
            assertEquals(1, pushes.size(), member);
            TimMessage notice = pushes.get(0).message();
            assertEquals((byte) MessageKind.REVOKE, notice.getOdType());
            assertEquals((byte) MessageKind.MS_ROOM, notice.getMsType());
            assertEquals(mid, notice.getMid());
            assertEquals(new Tid(room), notice.getRoomTid());
            assertEquals(1, w.messages.queuedFor(member).size(), "queued until acknowledged");
        }
    }

    @Test
    void only_the_author_revokes_a_room_message_and_only_with_a_mid_of_that_room() {
        String room = room(ANN, BOB);
        w.messaging.send(BOB_SESSION, toRoom(room, MessageKind.NORMAL));
        long mid = w.messages.messagesOf(ChatId.room(room)).get(0).mid();
        w.delivery.calls.clear();

        assertRefused(ErrorCode.PERMISSION_DENIED,
                () -> w.messaging.send(ANN_SESSION, toRoom(room, MessageKind.REVOKE).setMid(mid)));
        assertRefused(ErrorCode.PARAMETER_INCORRECT,
                () -> w.messaging.send(BOB_SESSION, toRoom(room, MessageKind.REVOKE)));
        assertRefused(ErrorCode.PARAMETER_INCORRECT,
                () -> w.messaging.send(BOB_SESSION, toRoom(room, MessageKind.REVOKE).setMid(mid + 1)));
        assertEquals(1, w.messages.messagesOf(ChatId.room(room)).size());
        assertEquals(List.of(), w.delivery.calls);
    }

    // private messages inside a room

    @Test
    void a_private_message_inside_a_room_needs_no_friendship_when_both_are_members() {
        String room = room(ANN, BOB);

        w.messaging.send(ANN_SESSION, text(BOB, "psst").setRoomTid(new Tid(room)));

        List<Message> stored = w.messages.messagesOf(ChatId.direct(ANN, BOB));
        assertEquals(1, stored.size(), "stored in the 1:1 chat");
        assertEquals(room, stored.get(0).roomNode());
        assertEquals(List.of(), w.messages.messagesOf(ChatId.room(room)));
        FakeDelivery.PushQueued push = w.delivery.pushesQueuedTo(BOB).get(0);
        assertEquals(new Tid(room), push.message().getRoomTid(), "roomTid is kept");
        assertEquals(ANN, w.delivery.sends().get(0).user(), "echoed like any 1:1 message");
    }

    @Test
    void a_private_message_inside_a_room_needs_both_users_in_the_room() {
        String room = room(ANN, BOB);

        assertRefused(ErrorCode.PERMISSION_DENIED,
                () -> w.messaging.send(ANN_SESSION, text(CAT, "you are not in it").setRoomTid(new Tid(room))));
        assertRefused(ErrorCode.PERMISSION_DENIED,
                () -> w.messaging.send(CAT_SESSION, text(ANN, "I am not in it").setRoomTid(new Tid(room))));
        assertNothingHappened();
    }

    @Test
    void a_block_stops_private_messages_inside_a_room_too() {
        String room = room(ANN, BOB);
        w.relations.block(BOB, ANN);

        assertRefused(ErrorCode.PERMISSION_DENIED,
                () -> w.messaging.send(ANN_SESSION, text(BOB, "psst").setRoomTid(new Tid(room))));
        assertNothingHappened();
    }

    @Test
    void a_revoke_inside_a_room_still_needs_friendship() {
        String room = room(ANN, BOB);
        w.messaging.send(ANN_SESSION, text(BOB, "psst").setRoomTid(new Tid(room)));
        long mid = w.messages.messagesOf(ChatId.direct(ANN, BOB)).get(0).mid();

        assertRefused(ErrorCode.PERMISSION_DENIED, () -> w.messaging.send(ANN_SESSION,
                direct(BOB, MessageKind.REVOKE).setMid(mid).setRoomTid(new Tid(room))));
        assertEquals(1, w.messages.messagesOf(ChatId.direct(ANN, BOB)).size());

        w.relations.befriend(ANN, BOB);
        w.messaging.send(ANN_SESSION, direct(BOB, MessageKind.REVOKE).setMid(mid).setRoomTid(new Tid(room)));
        assertEquals(List.of(), w.messages.messagesOf(ChatId.direct(ANN, BOB)));
    }

    /**
     * A private message inside a room addressed to its own sender is refused like a 1:1 message to oneself (nobody
     * is their own friend); it once reached {@code Relation.none(me, me)} and answered 5101 with a stack trace.
     */
    @Test
    void a_private_message_to_oneself_inside_a_room_is_refused_with_a_tim_code() {
        String room = room(ANN, BOB);

        assertRefused(ErrorCode.PERMISSION_DENIED,
                () -> w.messaging.send(ANN_SESSION, text(ANN, "note to self").setRoomTid(new Tid(room))));
        assertNothingHappened();
    }

    @Test
    void friends_may_not_write_in_a_room_they_do_not_share() {
        String room = room(ANN, CAT);
        w.relations.befriend(ANN, BOB);

        assertRefused(ErrorCode.PERMISSION_DENIED,
                () -> w.messaging.send(ANN_SESSION, text(BOB, "x").setRoomTid(new Tid(room))));
        assertNothingHappened();
    }
}
