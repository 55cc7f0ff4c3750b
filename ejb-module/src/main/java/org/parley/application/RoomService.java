package org.parley.application;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.parley.domain.AccountStore;
import org.parley.domain.EpochNanos;
import org.parley.domain.Membership;
import org.parley.domain.NodeFormat;
import org.parley.domain.Room;
import org.parley.domain.RoomStore;
import org.parley.protocol.ErrorCode;
import org.parley.protocol.FrameType;
import org.parley.protocol.ThriftCodec;
import org.parley.protocol.Tid;
import org.parley.protocol.TimAck;
import org.parley.protocol.TimMessage;
import org.parley.protocol.TimNodes;
import org.parley.protocol.TimReq;
import org.parley.protocol.TimRoomBean;

/**
 * Rooms (tim's groups): BUSINESS rtypes 2, 3, 8, 9, 11–17, 19, 20 and NODES ntypes 5, 7 (wire spec §5.10, §5.11).
 * Every change runs under the room's lock in its shard; notices go out after the change committed. Where tim has a
 * hole Parley closes it: in an open room only members may pull others in, kicking a room that does not exist is an
 * error, and every list is visible to members (or administrators) only.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED) // each store call is its own shard transaction
public class RoomService {

    /** BUSINESS rtypes (wire spec §5.10). */
    public static final int ROOMLIST = 2;
    public static final int ROOMMEMBERS = 3;
    public static final int BLOCKROOMLIST = 19;
    public static final int BLOCKROOMMEMBERLIST = 20;
    public static final int NEWROOM = 8;
    public static final int ADDROOM = 9;
    public static final int NOPASSROOM = 11;
    public static final int PULLROOM = 12;
    public static final int KICKROOM = 13;
    public static final int BLOCKROOM = 14;
    public static final int BLOCKROOMMEMBER = 15;
    public static final int LEAVEROOM = 16;
    public static final int CANCELROOM = 17;

    /** NODES ntypes (wire spec §5.11). */
    public static final int ROOM_INFO = 5;
    public static final int MODIFY_ROOM = 7;

    static final int BN_ADDROOM = 9;
    static final int BN_PASSROOM = 10;
    static final int BN_NOPASSROOM = 11;
    static final int BN_PULLROOM = 12;
    static final int BN_KICKROOM = 13;

    @Inject
    RoomStore rooms;

    @Inject
    AccountStore accounts;

    @Inject
    DeliveryService delivery;

    @Inject
    RoomDirectory directory;

    /** NEWROOM (8): {@code node} is the topic, {@code reqInt} 1 makes it private; the creator is founder. */
    public TimAck create(Tid me, TimReq req) {
        if (req.getNode() == null || req.getNode().isEmpty() || req.getReqInt() == null) {
            throw new TimFailure(ErrorCode.PARAMETER_INCORRECT);
        }
        String node = NodeFormat.random();
        int gtype = req.getReqInt() == 1 ? Room.PRIVATE : Room.OPEN;
        long now = EpochNanos.now();
        byte[] bean = ThriftCodec.INSTANCE.encode(new TimRoomBean().setTopic(req.getNode()));
        Membership founder = Membership.none(node, me.getNode());
        founder.join(Membership.Role.FOUNDER, 0);
        rooms.create(new Room(node, me.getNode(), gtype, now, false, bean), founder);
        return ok(NEWROOM, node, null);
    }

    /** ADDROOM (9): joins an open room at once; in a private room, asks the founder and managers. */
    public Optional<TimAck> join(Tid me, TimReq req) {
        String room = requireNode(req.getNode());
        if (req.getReqStr() == null) {
            throw new TimFailure(ErrorCode.PARAMETER_INCORRECT);
        }
        Room joined = rooms.change(room, r -> {
            Room found = alive(r, ADDROOM, room, null);
            Membership m = r.membership(me.getNode());
            if (m.isMember()) {
                throw specific(ErrorCode.HAS_EXIST, ADDROOM, room, null);
            }
            if (m.blockedByRoom()) {
                throw specific(ErrorCode.BLOCKED_OBJECT, ADDROOM, room, null);
            }
            // Asking to join undoes my own block of the room (tim half-undid it).
            if (found.isPrivate()) {
                m.request();
            } else {
                m.join(Membership.Role.MEMBER, r.lastMid());
            }
            r.save(m);
            return found;
        });
        directory.changed(room);
        if (joined.isPrivate()) {
            List<String> admins = new ArrayList<>(rooms.managers(room));
            admins.add(joined.founder());
            for (String admin : admins) {
                delivery.pushQueued(admin, notice(BN_ADDROOM, me, admin, room).setDataString(req.getReqStr()));
            }
        } else {
            delivery.pushQueued(me.getNode(), notice(BN_PASSROOM, null, null, room));
        }
        return Optional.empty(); // tim sends no ack for a join request
    }

    /** NOPASSROOM (11): an administrator turns down a pending request. */
    public TimAck reject(Tid me, TimReq req) {
        String room = requireNode(req.getNode());
        String applicant = requireNode(req.getNode2());
        rooms.change(room, r -> {
            alive(r, NOPASSROOM, room, applicant);
            requireAdministrator(r, me, NOPASSROOM, room, applicant);
            Membership m = r.membership(applicant);
            if (m.state() == Membership.State.NONE) {
                throw specific(ErrorCode.NOT_EXIST_OBJECT, NOPASSROOM, room, applicant);
            }
            if (!m.isPending()) {
                throw specific(ErrorCode.EXPIRE_OPERATE, NOPASSROOM, room, applicant);
            }
            m.leave();
            r.save(m);
            return null;
        });
        delivery.pushQueued(applicant, notice(BN_NOPASSROOM, me, applicant, room));
        return ok(NOPASSROOM, room, applicant);
    }

    /** PULLROOM (12): approves a pending request, or brings a user in. */
    public TimAck pull(Tid me, TimReq req) {
        String room = requireNode(req.getNode());
        String user = requireNode(req.getNode2());
        if (user.equals(me.getNode())) {
            throw new TimFailure(ErrorCode.PERMISSION_DENIED);
        }
        if (!accounts.exists(user)) {
            throw new TimFailure(ErrorCode.ACCOUNT_INCORRECT);
        }
        boolean approved = rooms.change(room, r -> {
            Room found = alive(r, PULLROOM, room, null);
            Membership mine = r.membership(me.getNode());
            // tim lets anyone pull anyone into an open room; Parley requires membership (administrators for private).
            if (found.isPrivate() ? !mine.isAdministrator() : !mine.isMember()) {
                throw specific(ErrorCode.PERMISSION_DENIED, PULLROOM, room, null);
            }
            Membership m = r.membership(user);
            if (m.isMember()) {
                throw specific(ErrorCode.HAS_EXIST, PULLROOM, room, null);
            }
            if (m.blocksRoom() || (m.blockedByRoom() && !mine.isAdministrator())) {
                throw specific(ErrorCode.BLOCKED_OBJECT, PULLROOM, room, null);
            }
            boolean wasPending = m.isPending();
            m.join(Membership.Role.MEMBER, r.lastMid());
            r.save(m);
            return wasPending;
        });
        directory.changed(room);
        delivery.pushQueued(user, notice(approved ? BN_PASSROOM : BN_PULLROOM, me, user, room));
        return ok(PULLROOM, room, user);
    }

    /** KICKROOM (13): an administrator removes a member (a manager may not remove a manager). */
    public TimAck kick(Tid me, TimReq req) {
        String room = requireNode(req.getNode());
        String member = requireNode(req.getNode2());
        if (member.equals(me.getNode())) {
            throw new TimFailure(ErrorCode.PERMISSION_DENIED);
        }
        rooms.change(room, r -> {
            existing(r, KICKROOM, room, member);
            Membership target = removable(r, me, member, KICKROOM, room);
            if (!target.isMember()) {
                throw specific(ErrorCode.NOT_EXIST_OBJECT, KICKROOM, room, member);
            }
            target.leave();
            r.save(target);
            return null;
        });
        directory.changed(room);
        delivery.pushQueued(member, notice(BN_KICKROOM, me, member, room));
        return ok(KICKROOM, room, member);
    }

    /** BLOCKROOM (14): I leave the room and refuse to be pulled back; the room goes on my block list. */
    public TimAck block(Tid me, TimReq req) {
        String room = requireNode(req.getNode());
        rooms.change(room, r -> {
            existing(r, BLOCKROOM, room, null);
            Membership m = r.membership(me.getNode());
            if (m.role() == Membership.Role.FOUNDER && m.isMember()) {
                throw specific(ErrorCode.PERMISSION_DENIED, BLOCKROOM, room, null); // the founder cannot leave
            }
            m.leave();
            m.blocksRoom(true);
            r.save(m);
            return null;
        });
        directory.changed(room);
        return ok(BLOCKROOM, room, null);
    }

    /** BLOCKROOMMEMBER (15): an administrator removes a user and refuses their joins. */
    public TimAck blockMember(Tid me, TimReq req) {
        String room = requireNode(req.getNode());
        String user = requireNode(req.getNode2());
        if (user.equals(me.getNode())) {
            throw new TimFailure(ErrorCode.PERMISSION_DENIED);
        }
        rooms.change(room, r -> {
            alive(r, BLOCKROOMMEMBER, room, user);
            Membership target = removable(r, me, user, BLOCKROOMMEMBER, room);
            target.leave();
            target.blockedByRoom(true);
            r.save(target);
            return null;
        });
        directory.changed(room);
        return ok(BLOCKROOMMEMBER, room, user);
    }

    /** LEAVEROOM (16). The founder cannot leave (they can cancel the room once alone). */
    public TimAck leave(Tid me, TimReq req) {
        String room = requireNode(req.getNode());
        rooms.change(room, r -> {
            alive(r, LEAVEROOM, room, null);
            Membership m = r.membership(me.getNode());
            if (!m.isMember()) {
                throw specific(ErrorCode.NOT_EXIST_OBJECT, LEAVEROOM, room, null);
            }
            if (m.role() == Membership.Role.FOUNDER) {
                throw specific(ErrorCode.PERMISSION_DENIED, LEAVEROOM, room, null);
            }
            m.leave();
            r.save(m);
            return null;
        });
        directory.changed(room);
        return ok(LEAVEROOM, room, null);
    }

    /** CANCELROOM (17): the founder dissolves a room that has no other member. */
    public TimAck cancel(Tid me, TimReq req) {
        String room = requireNode(req.getNode());
        rooms.change(room, r -> {
            Room found = alive(r, CANCELROOM, room, null);
            if (!found.founder().equals(me.getNode()) || rooms.members(room).size() > 1) {
                throw specific(ErrorCode.PERMISSION_DENIED, CANCELROOM, room, null);
            }
            found.cancel();
            r.save(found);
            return null;
        });
        directory.changed(room);
        return ok(CANCELROOM, room, null);
    }

    /** USERROOM (2): the rooms I am a member of. */
    public Optional<TimNodes> myRooms(Tid me) {
        List<String> list = rooms.roomsOf(me.getNode()).stream().map(Membership::room)
                .filter(room -> rooms.find(room).map(r -> !r.cancelled()).orElse(false))
                .toList();
        return nodes(2, list, null);
    }

    /** ROOMUSERS (3): a room's members, for its members only. */
    public Optional<TimNodes> members(Tid me, TimReq req) {
        if (!NodeFormat.isValid(req.getNode())) {
            throw new TimFailure(ErrorCode.ACCOUNT_INCORRECT);
        }
        String room = req.getNode();
        if (rooms.find(room).isEmpty()) {
            throw new TimFailure(ErrorCode.ACCOUNT_INCORRECT);
        }
        if (!rooms.membership(room, me.getNode()).map(Membership::isMember).orElse(false)) {
            throw new TimFailure(ErrorCode.PARAMETER_INCORRECT);
        }
        return nodes(3, rooms.members(room), room);
    }

    /** BLOCKROOMLIST (19): rooms I blocked. */
    public Optional<TimNodes> blockedRooms(Tid me) {
        return nodes(9, rooms.roomsBlockedBy(me.getNode()), null);
    }

    /** BLOCKROOMMEMBERLIST (20): users a room blocked; only its administrators get an answer (tim stays silent). */
    public Optional<TimNodes> blockedMembers(Tid me, TimReq req) {
        String room = requireNode(req.getNode());
        if (!rooms.membership(room, me.getNode()).map(Membership::isAdministrator).orElse(false)) {
            return Optional.empty();
        }
        return nodes(10, rooms.blockedMembers(room), null);
    }

    /** ROOMINFO (NODES 5): alive rooms' beans; cancelled and unknown rooms are left out. */
    public Optional<TimNodes> info(List<String> roomNodes) {
        if (roomNodes == null || roomNodes.isEmpty()) {
            throw new TimFailure(ErrorCode.PARAMETER_INCORRECT);
        }
        Map<String, TimRoomBean> beans = new LinkedHashMap<>();
        for (String node : new HashSet<>(roomNodes)) {
            if (!NodeFormat.isValid(node)) {
                continue;
            }
            rooms.find(node).filter(r -> !r.cancelled()).ifPresent(r -> {
                TimRoomBean bean = r.bean() == null ? new TimRoomBean()
                        : ThriftCodec.INSTANCE.decode(r.bean(), TimRoomBean.class);
                List<String> managers = rooms.managers(node);
                beans.put(node, bean.setFounder(r.founder()).setGtype((byte) r.gtype()).setCreatetime(r.createdAt())
                        .setManagers(managers.isEmpty() ? null : managers));
            });
        }
        return beans.isEmpty() ? Optional.empty() : Optional.of(new TimNodes().setNtype(5).setRoommap(beans));
    }

    /** MODIFYROOM (NODES 7): administrators edit the room; only the founder names managers. */
    public TimAck modify(Tid me, Map<String, TimRoomBean> roommap) {
        if (roommap == null || roommap.size() != 1) {
            throw new TimFailure(ErrorCode.PARAMETER_INCORRECT);
        }
        Map.Entry<String, TimRoomBean> entry = roommap.entrySet().iterator().next();
        String room = entry.getKey();
        if (!NodeFormat.isValid(room)) {
            throw new TimFailure(ErrorCode.ACCOUNT_INCORRECT);
        }
        TimRoomBean change = entry.getValue() == null ? new TimRoomBean() : entry.getValue();
        rooms.change(room, r -> {
            Room found = r.room().orElseThrow(() -> new TimFailure(ErrorCode.NOT_EXIST_OBJECT));
            if (found.cancelled()) {
                throw new TimFailure(ErrorCode.CANCELLED_OBJECT);
            }
            Membership mine = r.membership(me.getNode());
            if (!mine.isAdministrator()) {
                throw new TimFailure(ErrorCode.PERMISSION_DENIED);
            }
            TimRoomBean bean = found.bean() == null ? new TimRoomBean()
                    : ThriftCodec.INSTANCE.decode(found.bean(), TimRoomBean.class);
            if (change.getCover() != null) {
                bean.setCover(change.getCover());
            }
            if (change.getTopic() != null) {
                bean.setTopic(change.getTopic());
            }
            if (change.getKind() != null) {
                bean.setKind(change.getKind());
            }
            if (change.getLabel() != null) {
                bean.setLabel(change.getLabel());
            }
            if (change.getExtend() != null) {
                bean.setExtend(change.getExtend());
            }
            if (change.getExtra() != null) {
                bean.setExtra(change.getExtra());
            }
            found.bean(ThriftCodec.INSTANCE.encode(bean));
            r.save(found);
            if (change.getManagers() != null && mine.role() == Membership.Role.FOUNDER) {
                Set<String> wanted = new HashSet<>(change.getManagers());
                for (String member : rooms.members(room)) {
                    Membership m = r.membership(member);
                    if (m.role() == Membership.Role.FOUNDER) {
                        continue;
                    }
                    m.role(wanted.contains(member) ? Membership.Role.MANAGER : Membership.Role.MEMBER);
                    r.save(m);
                }
            }
            return null;
        });
        return new TimAck().setOk(true).setTimType((byte) FrameType.NODES).setT((long) MODIFY_ROOM);
    }

    /**
     * The room's members, for sending to it: the sender must be a member of a room that is alive. Read from this
     * node's copy of the room, so sending reads no room row.
     */
    public Set<String> recipientsFor(String sender, String room) {
        RoomDirectory.View view = NodeFormat.isValid(room) ? directory.view(room) : RoomDirectory.View.MISSING;
        if (!view.alive() || !view.members().contains(sender)) {
            throw new TimFailure(ErrorCode.PERMISSION_DENIED);
        }
        return view.members();
    }

    /** Whether the user may read or write the room: a member of an alive room. */
    public boolean isMember(String user, String room) {
        return NodeFormat.isValid(room)
                && rooms.find(room).map(r -> !r.cancelled()).orElse(false)
                && rooms.membership(room, user).map(Membership::isMember).orElse(false);
    }

    private static Room alive(RoomStore.Records r, int rtype, String room, String node2) {
        Room found = existing(r, rtype, room, node2);
        if (found.cancelled()) {
            throw specific(ErrorCode.CANCELLED_OBJECT, rtype, room, node2);
        }
        return found;
    }

    private static Room existing(RoomStore.Records r, int rtype, String room, String node2) {
        return r.room().orElseThrow(() -> specific(ErrorCode.NOT_EXIST_OBJECT, rtype, room, node2));
    }

    private static void requireAdministrator(RoomStore.Records r, Tid me, int rtype, String room, String node2) {
        if (!r.membership(me.getNode()).isAdministrator()) {
            throw specific(ErrorCode.PERMISSION_DENIED, rtype, room, node2);
        }
    }

    /** The membership an administrator may remove: not the founder, and not a manager unless I am the founder. */
    private static Membership removable(RoomStore.Records r, Tid me, String user, int rtype, String room) {
        Membership mine = r.membership(me.getNode());
        if (!mine.isAdministrator()) {
            throw specific(ErrorCode.PERMISSION_DENIED, rtype, room, user);
        }
        Membership target = r.membership(user);
        boolean targetIsAdmin = target.isMember() && target.role() != Membership.Role.MEMBER;
        if (targetIsAdmin && mine.role() != Membership.Role.FOUNDER) {
            throw specific(ErrorCode.PERMISSION_DENIED, rtype, room, user);
        }
        if (target.role() == Membership.Role.FOUNDER && target.isMember()) {
            throw specific(ErrorCode.PERMISSION_DENIED, rtype, room, user);
        }
        return target;
    }

    private static String requireNode(String node) {
        if (!NodeFormat.isValid(node)) {
            throw new TimFailure(ErrorCode.PARAMETER_INCORRECT);
        }
        return node;
    }

    private static TimFailure specific(ErrorCode code, int rtype, String room, String node2) {
        return new TimFailure(code, (long) rtype, room, node2);
    }

    private static TimAck ok(int rtype, String n, String n2) {
        return new TimAck().setOk(true).setTimType((byte) 41).setT((long) rtype).setN(n).setN2(n2);
    }

    private static Optional<TimNodes> nodes(int ntype, List<String> list, String node) {
        return list.isEmpty() ? Optional.empty()
                : Optional.of(new TimNodes().setNtype(ntype).setNodelist(list).setNode(node));
    }

    /** A room notice (msType 2, odType 4): {@code from} is the acting user, absent for an open-room join. */
    private static TimMessage notice(int bnType, Tid from, String to, String room) {
        return new TimMessage().setMsType((byte) 2).setOdType((byte) 4).setBnType(bnType)
                .setId(ThreadLocalRandom.current().nextLong())
                .setTimestamp(EpochNanos.now())
                .setFromTid(from == null ? null : from.copy())
                .setToTid(to == null ? null : new Tid(to))
                .setRoomTid(new Tid(room));
    }
}
