package org.parley.application;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.parley.domain.AccountStore;
import org.parley.domain.ChatId;
import org.parley.domain.EpochNanos;
import org.parley.domain.Message;
import org.parley.domain.MessageKind;
import org.parley.domain.MessageStore;
import org.parley.domain.NodeFormat;
import org.parley.protocol.ErrorCode;
import org.parley.protocol.FrameType;
import org.parley.protocol.Tid;
import org.parley.protocol.TimAck;
import org.parley.protocol.TimMessage;

/**
 * TIMMESSAGE (90, and 92/93 which tim routes by odType): checks who may send what to whom, stores normal messages,
 * echoes them to the sender's devices and pushes them to the recipient's; revokes, burns and the kinds tim keeps
 * out of history are relayed (§5.12).
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED) // each store call is its own shard transaction
public class MessagingService {

    @Inject
    AccountStore accounts;

    @Inject
    MessageStore messages;

    @Inject
    Delivery delivery;

    @Inject
    DeliveryService queued;

    @Inject
    RoomService rooms;

    @Inject
    RosterService roster;

    @Inject
    BigDataService bigData;

    @Inject
    Settings config;

    /** @return the mid the message got in history; 0 for the kinds that are not stored */
    public long send(Tid sender, TimMessage request) {
        // Stored once, queued per recipient and fanned out to whole rooms: its size is bounded well below the
        // frame's. Big data (odType 6, 7) is bounded by parley.bigdata.max-bytes instead.
        if (contentBytes(request) > config.messageMaxBytes() && !isBigData(request)) {
            throw new TimFailure(ErrorCode.PARAMETER_INCORRECT);
        }
        int msType = request.getMsType() == null ? 0 : request.getMsType();
        return switch (msType) {
            case MessageKind.MS_USER -> sendToUser(sender, request);
            case MessageKind.MS_ROOM -> sendToRoom(sender, request);
            // System messages (msType 1) come only from operators (AdminMessaging).
            default -> throw new TimFailure(ErrorCode.PARAMETER_INCORRECT);
        };
    }

    /** msType 2: a 1:1 message, by kind (§5.12). */
    private long sendToUser(Tid sender, TimMessage request) {
        int odType = request.getOdType() == null ? 0 : request.getOdType();
        Tid to = request.getToTid();
        if (to == null || !NodeFormat.isValid(to.getNode())) {
            throw new TimFailure(ErrorCode.ACCOUNT_INCORRECT);
        }
        String peer = to.getNode();
        if (!accounts.exists(peer)) {
            throw new TimFailure(ErrorCode.ACCOUNT_INCORRECT);
        }
        if (odType == MessageKind.BIG_STRING || odType == MessageKind.BIG_BINARY) {
            // Raw frames to whoever is online now, with the permission checks of frames 95/96.
            bigData.toUser(sender, request);
            return 0;
        }
        if (!isUserKind(odType)) {
            throw new TimFailure(ErrorCode.PARAMETER_INCORRECT);
        }
        if ((odType == MessageKind.REVOKE || odType == MessageKind.BURN) && request.getMid() == null) {
            throw new TimFailure(ErrorCode.PARAMETER_INCORRECT);
        }
        // Every kind, revoke and burn included, needs the right to talk to the peer (checked on every message):
        // friendship, or, for a private message inside a room (roomTid set), both users members of that room.
        // A block stops both.
        // Revoke and burn always need friendship, as in tim, whose uncached check applies to them in rooms too.
        boolean privateInRoom = request.getRoomTid() != null
                && odType != MessageKind.REVOKE && odType != MessageKind.BURN;
        // Nobody is their own friend (as in tim), nor their own private peer in a room.
        boolean allowed = privateInRoom
                ? !peer.equals(sender.getNode())
                        && sharesRoom(sender.getNode(), peer, request.getRoomTid().getNode())
                        && !roster.relation(sender.getNode(), peer).blockedEitherWay()
                : roster.mayMessage(sender.getNode(), peer);
        if (!allowed) {
            throw new TimFailure(ErrorCode.PERMISSION_DENIED);
        }
        switch (odType) {
            case MessageKind.NORMAL -> {
                return sendDirect(sender, request, peer);
            }
            case MessageKind.REVOKE -> revoke(sender, request, peer);
            case MessageKind.BURN -> burn(sender, request, peer);
            // Streams (call signalling and the like) are for whoever is online now: not stored, not queued.
            case MessageKind.STREAM -> delivery.send(peer, FrameType.MESSAGE, relayed(sender, request, peer));
            // Business (4) and user-defined kinds (31+): relayed ack-required, queued offline, not in history.
            default -> queued.pushQueued(peer, relayed(sender, request, peer));
        }
        return 0;
    }

    private static boolean isBigData(TimMessage m) {
        int odType = m.getOdType() == null ? 0 : m.getOdType();
        return odType == MessageKind.BIG_STRING || odType == MessageKind.BIG_BINARY;
    }

    /** The bytes of what a message carries: its text (as UTF-8), its binary and its extend map. */
    static long contentBytes(TimMessage m) {
        long n = utf8Length(m.getDataString()) + (m.getDataBinary() == null ? 0 : m.getDataBinary().length);
        if (m.getExtend() != null) {
            for (Map.Entry<String, String> e : m.getExtend().entrySet()) {
                n += utf8Length(e.getKey()) + utf8Length(e.getValue());
            }
        }
        return n;
    }

    private static long utf8Length(String s) {
        if (s == null) {
            return 0;
        }
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            n += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3; // a surrogate pair is 4
        }
        return n;
    }

    private boolean sharesRoom(String sender, String peer, String room) {
        return rooms.recipientsFor(sender, room).contains(peer);
    }

    /**
     * The kinds a 1:1 message may have besides big string/binary (6, 7), which go to {@link BigDataService} before
     * this check; 8–30 are reserved by tim.
     */
    private static boolean isUserKind(int odType) {
        return switch (odType) {
            case MessageKind.NORMAL, MessageKind.REVOKE, MessageKind.BURN, MessageKind.BUSINESS, MessageKind.STREAM -> true;
            default -> odType >= MessageKind.FIRST_USER_DEFINED;
        };
    }

    /**
     * Revoke (odType 2): the author takes back one of their messages. It leaves history and every offline queue;
     * both sides' devices are told (ack-required, queued if unreached) with the real mid.
     */
    private void revoke(Tid sender, TimMessage request, String peer) {
        long mid = request.getMid();
        ChatId chat = ChatId.direct(sender.getNode(), peer);
        Message stored = messages.find(chat, mid).orElseThrow(() -> new TimFailure(ErrorCode.PARAMETER_INCORRECT));
        if (!stored.fromNode().equals(sender.getNode())) {
            throw new TimFailure(ErrorCode.PERMISSION_DENIED);
        }
        if (!messages.remove(chat, mid)) {
            throw new TimFailure(ErrorCode.PARAMETER_INCORRECT); // revoked or burned meanwhile
        }
        TimMessage notice = relayed(sender, request, peer).setMid(mid);
        queued.pushQueued(sender.getNode(), notice);
        queued.pushQueued(peer, notice);
        // tim v1's confirmation, which webtim still uses to mark the message as revoked (§6.2 item 13).
        delivery.send(sender.getNode(), FrameType.ACK, new TimAck().setOk(true).setTimType((byte) FrameType.REVOKEMESSAGE)
                .setT((long) MessageKind.MS_USER).setN(peer).setT2(mid));
    }

    /**
     * Revoke in a room (msType 3, odType 2): the author takes back one of their room messages. It leaves the room's
     * history, so members whose delivery cursor had not passed it never get it; the author gets tim's confirmation
     * ({@code timType 92, t=3, n=room, t2=mid}) and every member, the author included, an ack-required notice that
     * is queued for those who do not acknowledge it (one queue row per such member: revokes are rare).
     */
    private void revokeInRoom(Tid sender, TimMessage request, String room, Set<String> members, TimMessage notice) {
        if (request.getMid() == null) {
            throw new TimFailure(ErrorCode.PARAMETER_INCORRECT);
        }
        long mid = request.getMid();
        ChatId chat = ChatId.room(room);
        Message stored = messages.find(chat, mid).orElseThrow(() -> new TimFailure(ErrorCode.PARAMETER_INCORRECT));
        if (!stored.fromNode().equals(sender.getNode())) {
            throw new TimFailure(ErrorCode.PERMISSION_DENIED);
        }
        if (!messages.remove(chat, mid)) {
            throw new TimFailure(ErrorCode.PARAMETER_INCORRECT); // revoked meanwhile
        }
        delivery.send(sender.getNode(), FrameType.ACK, new TimAck().setOk(true).setTimType((byte) FrameType.REVOKEMESSAGE)
                .setT((long) MessageKind.MS_ROOM).setN(room).setT2(mid));
        notice.setMid(mid).setTimestamp(EpochNanos.now());
        for (String member : members) {
            queued.pushQueued(member, notice);
        }
    }

    /**
     * Burn after reading (odType 3): the reader destroys a message the peer ({@code toTid}) wrote to them. It
     * leaves history and every offline queue; both sides' devices are told.
     */
    private void burn(Tid reader, TimMessage request, String author) {
        long mid = request.getMid();
        ChatId chat = ChatId.direct(reader.getNode(), author);
        Message stored = messages.find(chat, mid).orElseThrow(() -> new TimFailure(ErrorCode.PARAMETER_INCORRECT));
        if (!stored.fromNode().equals(author) || author.equals(reader.getNode())) {
            throw new TimFailure(ErrorCode.PERMISSION_DENIED); // only what the other one wrote can be burned
        }
        if (!messages.remove(chat, mid)) {
            throw new TimFailure(ErrorCode.PARAMETER_INCORRECT);
        }
        TimMessage notice = relayed(reader, request, author).setMid(mid);
        queued.pushQueued(reader.getNode(), notice);
        queued.pushQueued(author, notice);
    }

    /**
     * A message not kept in history as it goes out: the client's content (data, udtype, udshow, extend, extra)
     * intact, sender and recipient set by the server, a fresh timestamp. Only business messages keep a bnType.
     */
    private static TimMessage relayed(Tid sender, TimMessage request, String recipient) {
        TimMessage m = request.copy()
                .setFromTid(sender.copy())
                .setToTid(new Tid(recipient).setDomain(sender.getDomain()))
                .setToList(null) // a client-chosen fan-out list would bypass every check (a tim v2 hole)
                .setMid(null)
                .setIsOffline(null)
                .setTimestamp(EpochNanos.now());
        if (m.getOdType() != MessageKind.BUSINESS) {
            m.setBnType(null);
        }
        if (m.getId() == null) {
            m.setId(ThreadLocalRandom.current().nextLong());
        }
        return m;
    }

    /**
     * msType 3: a message to a room's members, the sender included (its own copy is its confirmation, as in tim).
     * A normal message is stored once; members' delivery is tracked by cursors, not by rows per member.
     */
    private long sendToRoom(Tid sender, TimMessage request) {
        Tid roomTid = request.getRoomTid();
        if (roomTid == null) {
            throw new TimFailure(ErrorCode.PERMISSION_DENIED);
        }
        String room = roomTid.getNode();
        Set<String> members = rooms.recipientsFor(sender.getNode(), room);
        int odType = request.getOdType() == null ? 0 : request.getOdType();
        TimMessage message = request.copy()
                .setFromTid(sender.copy())
                .setToTid(null)
                .setRoomTid(new Tid(room))
                .setToList(null)
                .setMid(null)
                .setBnType(null)
                .setIsOffline(null);
        if (message.getId() == null) {
            message.setId(ThreadLocalRandom.current().nextLong());
        }
        switch (odType) {
            case MessageKind.NORMAL -> {
                ChatId chat = ChatId.room(room);
                MessageStore.Appended appended = append(MessageContent.draft(chat, message, EpochNanos.now()), List.of());
                message.setMid(appended.message().mid()).setTimestamp(appended.message().timestamp());
                delivery.pushToRoom(room, appended.message().mid(), message);
                return appended.message().mid();
            }
            case MessageKind.REVOKE -> revokeInRoom(sender, request, room, members, message);
            case MessageKind.STREAM -> delivery.sendToUsers(members, FrameType.MESSAGE, message.setTimestamp(EpochNanos.now()));
            case MessageKind.BIG_STRING, MessageKind.BIG_BINARY -> bigData.toRoom(sender, members, request);
            default -> throw new TimFailure(ErrorCode.PARAMETER_INCORRECT);
        }
        return 0;
    }

    private long sendDirect(Tid sender, TimMessage request, String recipient) {
        TimMessage message = request.copy()
                .setFromTid(sender.copy())
                .setToTid(new Tid(recipient).setDomain(sender.getDomain()))
                .setToList(null) // a client-chosen fan-out list would bypass every check (a tim v2 hole)
                .setMid(null)
                .setBnType(null)
                .setIsOffline(null);
        if (message.getId() == null) {
            message.setId(ThreadLocalRandom.current().nextLong());
        }
        ChatId chat = ChatId.direct(sender.getNode(), recipient);
        MessageStore.Appended appended = append(MessageContent.draft(chat, message, EpochNanos.now()), List.of(recipient));
        message.setMid(appended.message().mid()).setTimestamp(appended.message().timestamp());

        // Echo first (as tim does), to every device of the sender, this one included.
        delivery.send(sender.getNode(), FrameType.MESSAGE, message);
        delivery.pushQueued(recipient, message, appended.queued().get(recipient));
        return appended.message().mid();
    }

    private MessageStore.Appended append(Message draft, List<String> queueFor) {
        return AppendRetry.append(messages, draft, queueFor);
    }
}
