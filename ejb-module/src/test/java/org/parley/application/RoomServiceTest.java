package org.parley.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.parley.domain.Membership;
import org.parley.domain.MessageKind;
import org.parley.domain.NodeFormat;
import org.parley.domain.Room;
import org.parley.protocol.ErrorCode;
import org.parley.protocol.ThriftCodec;
import org.parley.protocol.Tid;
import org.parley.protocol.TimAck;
import org.parley.protocol.TimMessage;
import org.parley.protocol.TimReq;
import org.parley.protocol.TimRoomBean;

/**
 * Rooms (wire spec §5.10): who may join, pull, kick, leave and cancel, who is told, and that every membership change
 * is announced to the room directory, whose stale view would otherwise keep sending to (and accepting messages from)
 * the old members.
 */
class RoomServiceTest {

    private static final String FOUNDER = "fay";
    private static final String MANAGER = "max";
    private static final String MEMBER = "mia";
    private static final String OTHER = "ned";
    private static final String NEWCOMER = "nia";

    private static final Tid FAY = session(FOUNDER);
    private static final Tid MAX = session(MANAGER);
    private static final Tid MIA = session(MEMBER);
    private static final Tid NED = session(OTHER);
    private static final Tid NIA = session(NEWCOMER);

    private final Wiring w = new Wiring();
    private final RoomService rooms = w.rooms;

    RoomServiceTest() {
        w.accounts.register(FOUNDER, MANAGER, MEMBER, OTHER, NEWCOMER);
    }

    private static Tid session(String node) {
        return new Tid(node).setDomain("parley.test").setResource("web");
    }

    private static TimReq req(String room) {
        return new TimReq().setNode(room);
    }

    private static TimReq req(String room, String node2) {
        return new TimReq().setNode(room).setNode2(node2);
    }

    private static TimReq joinReq(String room) {
        return new TimReq().setNode(room).setReqStr("let me in");
    }

    private static TimFailure refused(ErrorCode expected, Runnable call) {
        TimFailure f = assertThrows(TimFailure.class, call::run);
        assertEquals(expected, f.code());
        return f;
    }

    /** tim's specific error: the code, the rtype and the nodes of the request. */
    private static void refused(ErrorCode expected, int rtype, String n, String n2, Runnable call) {
        TimFailure f = refused(expected, call);
        assertEquals((long) rtype, f.t());
        assertEquals(n, f.n());
        assertEquals(n2, f.n2());
    }

    private String create(boolean isPrivate) {
        return rooms.create(FAY, new TimReq().setNode("our topic").setReqInt(isPrivate ? 1L : 2L)).getN();
    }

    /** A room with a founder, a manager and a member; the directory already holds it, notices are forgotten. */
    private String populated(boolean isPrivate) {
        String room = create(isPrivate);
        for (Tid user : List.of(MAX, MIA)) {
            rooms.pull(FAY, req(room, user.getNode()));
        }
        rooms.modify(FAY, Map.of(room, new TimRoomBean().setManagers(List.of(MANAGER))));
        assertEquals(List.of(MANAGER), w.roomStore.managers(room));
        settle(room);
        return room;
    }

    /** This node holds the room's view now; what happened so far is forgotten (notices acknowledged). */
    private void settle(String room) {
        assertTrue(w.directory.view(room).alive());
        w.directory.invalidations.clear();
        w.delivery.calls.clear();
        for (String user : List.of(FOUNDER, MANAGER, MEMBER, OTHER, NEWCOMER)) {
            w.messages.removeOffline(w.messages.queuedFor(user).stream().map(InMemoryMessageStore.Entry::ref).toList());
        }
    }

    private Set<String> recipients(String room) {
        return rooms.recipientsFor(FOUNDER, room);
    }

    /**
     * The change was announced once, after it was committed (what the store held then is what every node reloads),
     * and the view messages are checked against shows it.
     */
    private void assertAnnounced(String room, boolean alive, Set<String> members) {
        assertEquals(List.of(room), w.directory.invalidatedRooms());
        RoomDirectory.View committed = w.directory.invalidations.get(0).committed();
        assertEquals(new RoomDirectory.View(alive, members), committed, "announced before it was committed");
        assertEquals(committed, w.directory.view(room));
    }

    private FakeDelivery.PushQueued onlyNoticeTo(String user) {
        List<FakeDelivery.PushQueued> pushes = w.delivery.pushesQueuedTo(user);
        assertEquals(1, pushes.size(), "notices to " + user);
        assertEquals(1, w.messages.queuedFor(user).size(), "the notice waits in the queue until acknowledged");
        assertEquals(w.messages.queuedFor(user).get(0).ref(), pushes.get(0).queued());
        TimMessage notice = pushes.get(0).message();
        assertEquals((byte) MessageKind.MS_USER, notice.getMsType());
        assertEquals((byte) MessageKind.BUSINESS, notice.getOdType());
        assertNotNull(notice.getId());
        assertNotNull(notice.getTimestamp());
        return pushes.get(0);
    }

    // create

    @Test
    void the_creator_founds_an_open_room_and_is_its_first_member() {
        TimAck ack = rooms.create(FAY, new TimReq().setNode("our topic").setReqInt(2L));

        String room = ack.getN();
        assertTrue(NodeFormat.isValid(room));
        assertEquals(new TimAck().setOk(true).setTimType((byte) 41).setT(8L).setN(room), ack);
        Room stored = w.roomStore.room(room).orElseThrow();
        assertEquals(FOUNDER, stored.founder());
        assertEquals(Room.OPEN, stored.gtype());
        assertFalse(stored.cancelled());
        assertEquals("our topic", ThriftCodec.INSTANCE.decode(stored.bean(), TimRoomBean.class).getTopic());
        assertEquals(Membership.Role.FOUNDER, w.roomStore.row(room, FOUNDER).role());
        assertEquals(Set.of(FOUNDER), recipients(room));
    }

    @Test
    void req_int_1_makes_a_private_room_and_anything_else_an_open_one() {
        assertEquals(Room.PRIVATE, w.roomStore.room(create(true)).orElseThrow().gtype());
        for (int reqInt : new int[] {0, 2, 3}) {
            String room = rooms.create(FAY, new TimReq().setNode("t").setReqInt((long) reqInt)).getN();
            assertEquals(Room.OPEN, w.roomStore.room(room).orElseThrow().gtype(), "reqInt " + reqInt);
        }
    }

    @Test
    void a_room_needs_a_topic_and_a_type() {
        refused(ErrorCode.PARAMETER_INCORRECT, () -> rooms.create(FAY, new TimReq().setReqInt(1L)));
        refused(ErrorCode.PARAMETER_INCORRECT, () -> rooms.create(FAY, new TimReq().setNode("").setReqInt(1L)));
        refused(ErrorCode.PARAMETER_INCORRECT, () -> rooms.create(FAY, new TimReq().setNode("topic")));
    }

    // join

    @Test
    void joining_an_open_room_makes_a_member_at_once_and_tells_only_the_joiner() {
        String room = populated(false);

        assertEquals(Optional.empty(), rooms.join(NIA, joinReq(room)), "tim sends no ack for a join");

        assertTrue(w.roomStore.row(room, NEWCOMER).isMember());
        assertAnnounced(room, true, Set.of(FOUNDER, MANAGER, MEMBER, NEWCOMER));
        assertEquals(Set.of(FOUNDER, MANAGER, MEMBER, NEWCOMER), recipients(room));
        TimMessage notice = onlyNoticeTo(NEWCOMER).message();
        assertEquals(RoomService.BN_PASSROOM, notice.getBnType());
        assertEquals(new Tid(room), notice.getRoomTid());
        assertNull(notice.getFromTid());
        assertNull(notice.getToTid());
        assertEquals(1, w.delivery.calls.size(), "nobody else is told");
    }

    @Test
    void asking_to_join_a_private_room_asks_the_founder_and_the_managers() {
        String room = populated(true);

        assertEquals(Optional.empty(), rooms.join(NIA, joinReq(room)));

        assertTrue(w.roomStore.row(room, NEWCOMER).isPending());
        assertEquals(Set.of(FOUNDER, MANAGER, MEMBER), recipients(room), "a pending user is not a member");
        for (String admin : List.of(FOUNDER, MANAGER)) {
            TimMessage notice = onlyNoticeTo(admin).message();
            assertEquals(RoomService.BN_ADDROOM, notice.getBnType());
            assertEquals(NIA, notice.getFromTid());
            assertEquals(new Tid(admin), notice.getToTid());
            assertEquals(new Tid(room), notice.getRoomTid());
            assertEquals("let me in", notice.getDataString());
        }
        assertEquals(List.of(), w.delivery.pushesQueuedTo(MEMBER), "ordinary members are not asked");
        assertEquals(List.of(), w.delivery.pushesQueuedTo(NEWCOMER));
        assertEquals(2, w.delivery.calls.size());
    }

    @Test
    void a_join_is_refused_for_members_room_blocked_users_and_rooms_that_are_gone() {
        String room = populated(false);
        rooms.blockMember(FAY, req(room, OTHER));
        String cancelled = create(false);
        rooms.cancel(FAY, req(cancelled));
        w.delivery.calls.clear();

        refused(ErrorCode.HAS_EXIST, RoomService.ADDROOM, room, null, () -> rooms.join(MIA, joinReq(room)));
        refused(ErrorCode.BLOCKED_OBJECT, RoomService.ADDROOM, room, null, () -> rooms.join(NED, joinReq(room)));
        refused(ErrorCode.CANCELLED_OBJECT, RoomService.ADDROOM, cancelled, null,
                () -> rooms.join(NIA, joinReq(cancelled)));
        refused(ErrorCode.NOT_EXIST_OBJECT, RoomService.ADDROOM, "nosuchroom", null,
                () -> rooms.join(NIA, joinReq("nosuchroom")));
        refused(ErrorCode.PARAMETER_INCORRECT, () -> rooms.join(NIA, req(room)));
        refused(ErrorCode.PARAMETER_INCORRECT, () -> rooms.join(NIA, joinReq("bad room!")));
        assertEquals(List.of(), w.delivery.calls);
        assertFalse(w.roomStore.row(room, OTHER).isPending());
    }

    @Test
    void asking_to_join_lifts_my_own_block_of_the_room() {
        String room = populated(false);
        rooms.join(NIA, joinReq(room));
        rooms.block(NIA, req(room));
        assertTrue(w.roomStore.row(room, NEWCOMER).blocksRoom());

        rooms.join(NIA, joinReq(room));

        assertTrue(w.roomStore.row(room, NEWCOMER).isMember());
        assertFalse(w.roomStore.row(room, NEWCOMER).blocksRoom());
    }

    // reject

    @Test
    void an_administrator_turns_down_a_pending_request_and_the_applicant_is_told() {
        String room = populated(true);
        rooms.join(NIA, joinReq(room));
        w.delivery.calls.clear();

        TimAck ack = rooms.reject(MAX, req(room, NEWCOMER));

        assertEquals(new TimAck().setOk(true).setTimType((byte) 41).setT(11L).setN(room).setN2(NEWCOMER), ack);
        assertEquals(Membership.State.NONE, w.roomStore.row(room, NEWCOMER).state());
        FakeDelivery.PushQueued push = onlyNoticeTo(NEWCOMER);
        assertEquals(RoomService.BN_NOPASSROOM, push.message().getBnType());
        assertEquals(MAX, push.message().getFromTid());
    }

    @Test
    void only_an_administrator_rejects_and_only_a_pending_request() {
        String room = populated(true);
        rooms.join(NIA, joinReq(room));
        w.delivery.calls.clear();

        refused(ErrorCode.PERMISSION_DENIED, RoomService.NOPASSROOM, room, NEWCOMER,
                () -> rooms.reject(MIA, req(room, NEWCOMER)));
        refused(ErrorCode.NOT_EXIST_OBJECT, RoomService.NOPASSROOM, room, OTHER,
                () -> rooms.reject(FAY, req(room, OTHER)));
        refused(ErrorCode.EXPIRE_OPERATE, RoomService.NOPASSROOM, room, MEMBER,
                () -> rooms.reject(FAY, req(room, MEMBER)));
        assertTrue(w.roomStore.row(room, NEWCOMER).isPending());
        assertTrue(w.roomStore.row(room, MEMBER).isMember());
        assertEquals(List.of(), w.delivery.calls);
    }

    // pull

    @Test
    void an_administrator_pulls_a_user_into_a_private_room() {
        String room = populated(true);

        TimAck ack = rooms.pull(MAX, req(room, NEWCOMER));

        assertEquals(new TimAck().setOk(true).setTimType((byte) 41).setT(12L).setN(room).setN2(NEWCOMER), ack);
        assertAnnounced(room, true, Set.of(FOUNDER, MANAGER, MEMBER, NEWCOMER));
        assertEquals(Set.of(FOUNDER, MANAGER, MEMBER, NEWCOMER), recipients(room));
        TimMessage notice = onlyNoticeTo(NEWCOMER).message();
        assertEquals(RoomService.BN_PULLROOM, notice.getBnType());
        assertEquals(MAX, notice.getFromTid());
        assertEquals(new Tid(NEWCOMER), notice.getToTid());
        assertEquals(new Tid(room), notice.getRoomTid());
        assertEquals(1, w.delivery.calls.size(), "other members are not told");
    }

    @Test
    void pulling_a_user_who_asked_approves_the_request() {
        String room = populated(true);
        rooms.join(NIA, joinReq(room));
        w.directory.invalidations.clear();
        w.delivery.calls.clear();

        rooms.pull(FAY, req(room, NEWCOMER));

        assertTrue(w.roomStore.row(room, NEWCOMER).isMember());
        assertAnnounced(room, true, Set.of(FOUNDER, MANAGER, MEMBER, NEWCOMER));
        assertEquals(RoomService.BN_PASSROOM, onlyNoticeTo(NEWCOMER).message().getBnType());
    }

    @Test
    void in_a_private_room_an_ordinary_member_may_not_pull() {
        String room = populated(true);

        refused(ErrorCode.PERMISSION_DENIED, RoomService.PULLROOM, room, null,
                () -> rooms.pull(MIA, req(room, NEWCOMER)));
        assertEquals(Membership.State.NONE, w.roomStore.row(room, NEWCOMER).state());
        assertEquals(List.of(), w.directory.invalidations);
        assertEquals(List.of(), w.delivery.calls);
    }

    @Test
    void in_an_open_room_members_may_pull_but_outsiders_may_not() {
        String room = populated(false);

        // tim lets anyone pull anyone into an open room; Parley requires membership.
        refused(ErrorCode.PERMISSION_DENIED, RoomService.PULLROOM, room, null,
                () -> rooms.pull(NED, req(room, NEWCOMER)));
        assertEquals(Membership.State.NONE, w.roomStore.row(room, NEWCOMER).state());

        rooms.pull(MIA, req(room, NEWCOMER));
        assertTrue(w.roomStore.row(room, NEWCOMER).isMember());
        assertAnnounced(room, true, Set.of(FOUNDER, MANAGER, MEMBER, NEWCOMER));
    }

    @Test
    void a_pull_is_refused_for_oneself_unknown_users_members_and_rooms_that_are_gone() {
        String room = populated(false);
        String cancelled = create(false);
        rooms.cancel(FAY, req(cancelled));

        refused(ErrorCode.PERMISSION_DENIED, () -> rooms.pull(FAY, req(room, FOUNDER)));
        refused(ErrorCode.ACCOUNT_INCORRECT, () -> rooms.pull(FAY, req(room, "nobody")));
        refused(ErrorCode.HAS_EXIST, RoomService.PULLROOM, room, null, () -> rooms.pull(FAY, req(room, MEMBER)));
        refused(ErrorCode.CANCELLED_OBJECT, RoomService.PULLROOM, cancelled, null,
                () -> rooms.pull(FAY, req(cancelled, NEWCOMER)));
        refused(ErrorCode.NOT_EXIST_OBJECT, RoomService.PULLROOM, "nosuchroom", null,
                () -> rooms.pull(FAY, req("nosuchroom", NEWCOMER)));
        refused(ErrorCode.PARAMETER_INCORRECT, () -> rooms.pull(FAY, req(room, "bad node!")));
        refused(ErrorCode.PARAMETER_INCORRECT, () -> rooms.pull(FAY, req(room)));
    }

    @Test
    void a_user_who_blocked_the_room_cannot_be_pulled_back() {
        String room = populated(false);
        rooms.block(MIA, req(room));
        w.delivery.calls.clear();

        refused(ErrorCode.BLOCKED_OBJECT, RoomService.PULLROOM, room, null, () -> rooms.pull(FAY, req(room, MEMBER)));
        assertFalse(w.roomStore.row(room, MEMBER).isMember());
        assertEquals(List.of(), w.delivery.calls);
    }

    @Test
    void a_user_the_room_blocked_is_pulled_back_by_an_administrator_only() {
        String room = populated(false);
        rooms.blockMember(FAY, req(room, OTHER));

        refused(ErrorCode.BLOCKED_OBJECT, RoomService.PULLROOM, room, null, () -> rooms.pull(MIA, req(room, OTHER)));
        rooms.pull(MAX, req(room, OTHER));

        Membership row = w.roomStore.row(room, OTHER);
        assertTrue(row.isMember());
        assertFalse(row.blockedByRoom(), "pulled back in, no longer blocked");
    }

    // kick

    @Test
    void an_administrator_kicks_a_member_who_is_told_and_no_longer_a_recipient() {
        String room = populated(false);

        TimAck ack = rooms.kick(MAX, req(room, MEMBER));

        assertEquals(new TimAck().setOk(true).setTimType((byte) 41).setT(13L).setN(room).setN2(MEMBER), ack);
        assertAnnounced(room, true, Set.of(FOUNDER, MANAGER));
        assertEquals(Set.of(FOUNDER, MANAGER), recipients(room));
        refused(ErrorCode.PERMISSION_DENIED, () -> rooms.recipientsFor(MEMBER, room));
        FakeDelivery.PushQueued notice = onlyNoticeTo(MEMBER);
        assertEquals(RoomService.BN_KICKROOM, notice.message().getBnType());
        assertEquals(MAX, notice.message().getFromTid());
        assertEquals(new Tid(room), notice.message().getRoomTid());
    }

    @Test
    void the_founder_kicks_a_manager_who_loses_the_role() {
        String room = populated(false);

        rooms.kick(FAY, req(room, MANAGER));

        assertEquals(List.of(), w.roomStore.managers(room));
        assertEquals(Membership.Role.MEMBER, w.roomStore.row(room, MANAGER).role());
        assertAnnounced(room, true, Set.of(FOUNDER, MEMBER));
    }

    @Test
    void members_do_not_kick_managers_do_not_kick_managers_and_nobody_kicks_the_founder() {
        String room = populated(false);
        rooms.pull(FAY, req(room, OTHER));
        rooms.modify(FAY, Map.of(room, new TimRoomBean().setManagers(List.of(MANAGER, OTHER))));
        settle(room);

        refused(ErrorCode.PERMISSION_DENIED, RoomService.KICKROOM, room, OTHER, () -> rooms.kick(MIA, req(room, OTHER)));
        refused(ErrorCode.PERMISSION_DENIED, RoomService.KICKROOM, room, OTHER, () -> rooms.kick(MAX, req(room, OTHER)));
        refused(ErrorCode.PERMISSION_DENIED, RoomService.KICKROOM, room, FOUNDER,
                () -> rooms.kick(MAX, req(room, FOUNDER)));
        refused(ErrorCode.PERMISSION_DENIED, () -> rooms.kick(FAY, req(room, FOUNDER)));

        assertEquals(Set.of(FOUNDER, MANAGER, MEMBER, OTHER), recipients(room));
        assertEquals(List.of(), w.directory.invalidations);
        assertEquals(List.of(), w.delivery.calls);
    }

    @Test
    void kicking_someone_who_is_not_a_member_or_in_a_room_that_does_not_exist_is_an_error() {
        String room = populated(false);

        refused(ErrorCode.NOT_EXIST_OBJECT, RoomService.KICKROOM, room, OTHER, () -> rooms.kick(FAY, req(room, OTHER)));
        // tim answers OK here (a quirk); Parley does not pretend.
        refused(ErrorCode.NOT_EXIST_OBJECT, RoomService.KICKROOM, "nosuchroom", MEMBER,
                () -> rooms.kick(FAY, req("nosuchroom", MEMBER)));
        assertEquals(List.of(), w.delivery.calls);
    }

    // block

    @Test
    void blocking_a_room_leaves_it_and_puts_it_on_my_block_list() {
        String room = populated(false);

        TimAck ack = rooms.block(MIA, req(room));

        assertEquals(new TimAck().setOk(true).setTimType((byte) 41).setT(14L).setN(room), ack);
        assertFalse(w.roomStore.row(room, MEMBER).isMember());
        assertEquals(List.of(room), w.roomStore.roomsBlockedBy(MEMBER));
        assertAnnounced(room, true, Set.of(FOUNDER, MANAGER));
    }

    @Test
    void the_founder_cannot_block_the_room() {
        String room = populated(false);

        refused(ErrorCode.PERMISSION_DENIED, RoomService.BLOCKROOM, room, null, () -> rooms.block(FAY, req(room)));
        assertTrue(w.roomStore.row(room, FOUNDER).isMember());
        assertEquals(List.of(), w.directory.invalidations);
    }

    @Test
    void an_administrator_blocks_a_member_who_is_removed_and_cannot_come_back() {
        String room = populated(false);

        TimAck ack = rooms.blockMember(MAX, req(room, MEMBER));

        assertEquals(new TimAck().setOk(true).setTimType((byte) 41).setT(15L).setN(room).setN2(MEMBER), ack);
        assertAnnounced(room, true, Set.of(FOUNDER, MANAGER));
        assertEquals(List.of(MEMBER), w.roomStore.blockedMembers(room));
        assertEquals(List.of(), w.delivery.calls, "the user is not told");
        refused(ErrorCode.BLOCKED_OBJECT, () -> rooms.join(MIA, joinReq(room)));
    }

    @Test
    void only_administrators_block_members_and_managers_do_not_block_managers() {
        String room = populated(false);

        refused(ErrorCode.PERMISSION_DENIED, RoomService.BLOCKROOMMEMBER, room, OTHER,
                () -> rooms.blockMember(MIA, req(room, OTHER)));
        refused(ErrorCode.PERMISSION_DENIED, RoomService.BLOCKROOMMEMBER, room, FOUNDER,
                () -> rooms.blockMember(MAX, req(room, FOUNDER)));
        refused(ErrorCode.PERMISSION_DENIED, () -> rooms.blockMember(MAX, req(room, MANAGER)));
        assertEquals(List.of(), w.roomStore.blockedMembers(room));
        assertEquals(List.of(), w.directory.invalidations);
    }

    // leave

    @Test
    void a_member_leaves_and_is_no_longer_a_recipient() {
        String room = populated(false);

        TimAck ack = rooms.leave(MIA, req(room));

        assertEquals(new TimAck().setOk(true).setTimType((byte) 41).setT(16L).setN(room), ack);
        assertAnnounced(room, true, Set.of(FOUNDER, MANAGER));
        refused(ErrorCode.PERMISSION_DENIED, () -> rooms.recipientsFor(MEMBER, room));
        assertEquals(List.of(), w.delivery.calls, "nobody is told");
    }

    @Test
    void a_leaving_manager_stops_being_one() {
        String room = populated(false);

        rooms.leave(MAX, req(room));
        rooms.join(MAX, joinReq(room));

        assertEquals(Membership.Role.MEMBER, w.roomStore.row(room, MANAGER).role());
        assertEquals(List.of(), w.roomStore.managers(room));
    }

    @Test
    void the_founder_cannot_leave_and_a_non_member_has_nothing_to_leave() {
        String room = populated(false);
        String cancelled = create(false);
        rooms.cancel(FAY, req(cancelled));
        w.directory.invalidations.clear();

        refused(ErrorCode.PERMISSION_DENIED, RoomService.LEAVEROOM, room, null, () -> rooms.leave(FAY, req(room)));
        refused(ErrorCode.NOT_EXIST_OBJECT, RoomService.LEAVEROOM, room, null, () -> rooms.leave(NED, req(room)));
        refused(ErrorCode.NOT_EXIST_OBJECT, RoomService.LEAVEROOM, "nosuchroom", null,
                () -> rooms.leave(NED, req("nosuchroom")));
        refused(ErrorCode.CANCELLED_OBJECT, RoomService.LEAVEROOM, cancelled, null,
                () -> rooms.leave(FAY, req(cancelled)));
        assertEquals(List.of(), w.directory.invalidations);
    }

    // cancel

    @Test
    void the_founder_alone_cancels_the_room_and_nobody_can_send_to_it_any_more() {
        String room = create(false);
        settle(room);

        TimAck ack = rooms.cancel(FAY, req(room));

        assertEquals(new TimAck().setOk(true).setTimType((byte) 41).setT(17L).setN(room), ack);
        assertTrue(w.roomStore.room(room).orElseThrow().cancelled());
        assertAnnounced(room, false, Set.of(FOUNDER));
        refused(ErrorCode.PERMISSION_DENIED, () -> rooms.recipientsFor(FOUNDER, room));
        assertFalse(rooms.isMember(FOUNDER, room));
    }

    @Test
    void a_room_with_other_members_or_someone_else_than_the_founder_cannot_cancel_it() {
        String room = populated(false);
        String alone = create(false);

        refused(ErrorCode.PERMISSION_DENIED, RoomService.CANCELROOM, room, null, () -> rooms.cancel(FAY, req(room)));
        refused(ErrorCode.PERMISSION_DENIED, RoomService.CANCELROOM, alone, null, () -> rooms.cancel(MAX, req(alone)));
        assertFalse(w.roomStore.room(room).orElseThrow().cancelled());
        assertFalse(w.roomStore.room(alone).orElseThrow().cancelled());

        rooms.cancel(FAY, req(alone));
        refused(ErrorCode.CANCELLED_OBJECT, RoomService.CANCELROOM, alone, null, () -> rooms.cancel(FAY, req(alone)));
        refused(ErrorCode.NOT_EXIST_OBJECT, RoomService.CANCELROOM, "nosuchroom", null,
                () -> rooms.cancel(FAY, req("nosuchroom")));
    }

    // every membership change reaches the directory

    @Test
    void every_membership_change_is_announced_to_the_directory_once_committed() {
        String open = populated(false);
        String closed = populated(true);
        record Step(String what, String room, Runnable change, Set<String> membersAfter) {
        }
        List<Step> steps = List.of(
                new Step("join", open, () -> rooms.join(NIA, joinReq(open)), Set.of(FOUNDER, MANAGER, MEMBER, NEWCOMER)),
                new Step("leave", open, () -> rooms.leave(NIA, req(open)), Set.of(FOUNDER, MANAGER, MEMBER)),
                new Step("pull", open, () -> rooms.pull(MIA, req(open, OTHER)), Set.of(FOUNDER, MANAGER, MEMBER, OTHER)),
                new Step("kick", open, () -> rooms.kick(FAY, req(open, OTHER)), Set.of(FOUNDER, MANAGER, MEMBER)),
                new Step("block room", open, () -> rooms.block(MIA, req(open)), Set.of(FOUNDER, MANAGER)),
                new Step("block member", open, () -> rooms.blockMember(FAY, req(open, MANAGER)), Set.of(FOUNDER)),
                new Step("approve", closed, () -> {
                    rooms.join(NIA, joinReq(closed));
                    rooms.pull(MAX, req(closed, NEWCOMER));
                }, Set.of(FOUNDER, MANAGER, MEMBER, NEWCOMER)));
        for (Step step : steps) {
            settle(step.room());

            step.change().run();

            assertTrue(w.directory.invalidatedRooms().contains(step.room()), step.what() + " was not announced");
            RoomDirectory.View last = w.directory.invalidations.get(w.directory.invalidations.size() - 1).committed();
            assertEquals(step.membersAfter(), last.members(), step.what() + " announced before it was committed");
            assertEquals(step.membersAfter(), recipients(step.room()), step.what() + ": stale recipients");
        }
    }

    // recipientsFor

    @Test
    void the_recipients_of_a_room_are_its_members_the_sender_included() {
        String room = populated(false);

        assertEquals(Set.of(FOUNDER, MANAGER, MEMBER), rooms.recipientsFor(MEMBER, room));
    }

    @Test
    void recipients_come_from_the_directory_without_reading_the_store() {
        String room = populated(false);
        w.roomStore.reads = 0;

        rooms.recipientsFor(MEMBER, room);
        rooms.recipientsFor(FOUNDER, room);

        assertEquals(0, w.roomStore.reads);
    }

    @Test
    void there_are_no_recipients_for_non_members_cancelled_missing_or_malformed_rooms() {
        String room = populated(false);
        String cancelled = create(false);
        rooms.cancel(FAY, req(cancelled));
        rooms.join(NIA, joinReq(create(true))); // pending somewhere else: no help

        refused(ErrorCode.PERMISSION_DENIED, () -> rooms.recipientsFor(OTHER, room));
        refused(ErrorCode.PERMISSION_DENIED, () -> rooms.recipientsFor(FOUNDER, cancelled));
        refused(ErrorCode.PERMISSION_DENIED, () -> rooms.recipientsFor(FOUNDER, "nosuchroom"));
        refused(ErrorCode.PERMISSION_DENIED, () -> rooms.recipientsFor(FOUNDER, "bad room!"));
        refused(ErrorCode.PERMISSION_DENIED, () -> rooms.recipientsFor(FOUNDER, null));
    }

    @Test
    void a_pending_request_is_not_membership() {
        String room = populated(true);
        rooms.join(NIA, joinReq(room));

        refused(ErrorCode.PERMISSION_DENIED, () -> rooms.recipientsFor(NEWCOMER, room));
        assertFalse(rooms.isMember(NEWCOMER, room));
    }
}
