package org.parley.infrastructure.persistence;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.parley.application.AtRestCipher;
import org.parley.application.CipherBinding;
import org.parley.domain.ChatId;
import org.parley.domain.Membership;
import org.parley.domain.Room;
import org.parley.domain.RoomStore;
import org.parley.persistence.ChatSequenceEntity;
import org.parley.persistence.RoomEntity;
import org.parley.persistence.RoomMemberEntity;
import org.parley.persistence.RoomMemberKey;
import org.parley.persistence.Slots;

/**
 * Rooms and memberships in the shard of the room's chat, next to its messages. What members wrote about a room (its
 * bean) is sealed by the {@link AtRestCipher} bound to the room's node.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class JpaRoomStore implements RoomStore {

    @Inject
    ShardAccess shards;

    @Inject
    AtRestCipher cipher;

    @Override
    public void create(Room room, Membership founder) {
        shards.write(key(room.node()), em -> {
            int slot = Slots.of(key(room.node()));
            em.persist(new RoomEntity(slot, room.node(), room.founder(), room.gtype(), room.createdAt(),
                    seal(room.node(), room.bean())));
            em.persist(toEntity(founder, new RoomMemberEntity(slot, founder.room(), founder.user())));
            return null;
        });
    }

    @Override
    public <T> T change(String room, Function<Records, T> change) {
        return shards.write(key(room), em -> {
            RoomEntity locked = em.find(RoomEntity.class, room, LockModeType.PESSIMISTIC_WRITE);
            return change.apply(new Records() {
                @Override
                public Optional<Room> room() {
                    return Optional.ofNullable(locked).map(JpaRoomStore.this::toRoom);
                }

                @Override
                public Membership membership(String user) {
                    RoomMemberEntity e = em.find(RoomMemberEntity.class, new RoomMemberKey(room, user));
                    return e == null ? Membership.none(room, user) : toMembership(e);
                }

                @Override
                public long lastMid() {
                    ChatSequenceEntity seq = em.find(ChatSequenceEntity.class, ChatId.room(room).value());
                    return seq == null ? 0 : seq.getLastMid();
                }

                @Override
                public void save(Room changed) {
                    if (changed.cancelled()) {
                        locked.cancel();
                    }
                    locked.setBean(seal(room, changed.bean()));
                }

                @Override
                public void save(Membership m) {
                    RoomMemberEntity e = em.find(RoomMemberEntity.class, new RoomMemberKey(room, m.user()));
                    if (e == null) {
                        em.persist(toEntity(m, new RoomMemberEntity(Slots.of(key(room)), room, m.user())));
                    } else {
                        toEntity(m, e);
                    }
                }
            });
        });
    }

    @Override
    public Optional<Room> find(String room) {
        return shards.read(key(room), em -> Optional.ofNullable(em.find(RoomEntity.class, room))
                .map(this::toRoom));
    }

    @Override
    public Optional<Membership> membership(String room, String user) {
        return shards.read(key(room), em -> Optional.ofNullable(
                em.find(RoomMemberEntity.class, new RoomMemberKey(room, user))).map(JpaRoomStore::toMembership));
    }

    @Override
    public List<String> members(String room) {
        return shards.read(key(room), em -> em.createQuery(
                        "SELECT m.member FROM RoomMemberEntity m WHERE m.room = :r AND m.state = :s", String.class)
                .setParameter("r", room).setParameter("s", RoomMemberEntity.MEMBER).getResultList());
    }

    @Override
    public List<String> managers(String room) {
        return shards.read(key(room), em -> em.createQuery(
                        "SELECT m.member FROM RoomMemberEntity m WHERE m.room = :r AND m.state = :s"
                        + " AND m.role = :role", String.class)
                .setParameter("r", room).setParameter("s", RoomMemberEntity.MEMBER)
                .setParameter("role", RoomMemberEntity.ROLE_MANAGER).getResultList());
    }

    @Override
    public List<String> blockedMembers(String room) {
        return shards.read(key(room), em -> em.createQuery(
                "SELECT m.member FROM RoomMemberEntity m WHERE m.room = :r AND m.blockedByRoom = TRUE",
                String.class).setParameter("r", room).getResultList());
    }

    @Override
    public List<Membership> roomsOf(String user) {
        return shards.scan("m.slot", (em, owned) -> em.createQuery(
                        "SELECT m FROM RoomMemberEntity m WHERE m.member = :u AND m.state = :s AND " + owned,
                        RoomMemberEntity.class)
                .setParameter("u", user).setParameter("s", RoomMemberEntity.MEMBER)
                .getResultList().stream().map(JpaRoomStore::toMembership).toList());
    }

    @Override
    public List<String> roomsBlockedBy(String user) {
        return shards.scan("m.slot", (em, owned) -> em.createQuery(
                        "SELECT m.room FROM RoomMemberEntity m WHERE m.member = :u AND m.blocksRoom = TRUE AND " + owned,
                        String.class)
                .setParameter("u", user).getResultList());
    }

    @Override
    public void delivered(String room, String user, long mid) {
        shards.write(key(room), em -> em.createQuery("UPDATE RoomMemberEntity m SET m.deliveredMid = :mid"
                        + " WHERE m.room = :r AND m.member = :u AND m.deliveredMid < :mid")
                .setParameter("mid", mid).setParameter("r", room).setParameter("u", user)
                .executeUpdate());
    }

    /** The shard key of a room: its chat's, so rooms and memberships live next to their messages. */
    private static String key(String room) {
        return ChatId.room(room).value();
    }

    private Room toRoom(RoomEntity e) {
        byte[] bean = e.getBean() == null ? null : cipher.open(e.getBean(), CipherBinding.room(e.getNode()));
        return new Room(e.getNode(), e.getFounder(), e.getGtype(), e.getCreatedAt(), e.isCancelled(), bean);
    }

    /** A room may have no bean at all (the column is nullable); there is nothing to seal then. */
    private byte[] seal(String room, byte[] bean) {
        return bean == null ? null : cipher.seal(bean, CipherBinding.room(room));
    }

    private static Membership toMembership(RoomMemberEntity e) {
        Membership.State state = switch (e.getState()) {
            case RoomMemberEntity.PENDING -> Membership.State.PENDING;
            case RoomMemberEntity.MEMBER -> Membership.State.MEMBER;
            default -> Membership.State.NONE;
        };
        Membership.Role role = switch (e.getRole()) {
            case RoomMemberEntity.ROLE_FOUNDER -> Membership.Role.FOUNDER;
            case RoomMemberEntity.ROLE_MANAGER -> Membership.Role.MANAGER;
            default -> Membership.Role.MEMBER;
        };
        return new Membership(e.getRoom(), e.getMember(), state, role, e.isBlockedByRoom(), e.isBlocksRoom(),
                e.getDeliveredMid());
    }

    private static RoomMemberEntity toEntity(Membership m, RoomMemberEntity e) {
        e.setState(switch (m.state()) {
            case PENDING -> RoomMemberEntity.PENDING;
            case MEMBER -> RoomMemberEntity.MEMBER;
            case NONE -> RoomMemberEntity.NONE;
        });
        e.setRole(switch (m.role()) {
            case FOUNDER -> RoomMemberEntity.ROLE_FOUNDER;
            case MANAGER -> RoomMemberEntity.ROLE_MANAGER;
            case MEMBER -> RoomMemberEntity.ROLE_MEMBER;
        });
        e.setBlockedByRoom(m.blockedByRoom());
        e.setBlocksRoom(m.blocksRoom());
        e.setDeliveredMid(m.deliveredMid());
        return e;
    }
}
