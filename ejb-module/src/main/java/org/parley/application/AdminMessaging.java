package org.parley.application;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.parley.domain.AccountStore;
import org.parley.domain.ChatId;
import org.parley.domain.EpochNanos;
import org.parley.domain.MessageKind;
import org.parley.domain.MessageStore;
import org.parley.domain.RoomStore;
import org.parley.protocol.Tid;
import org.parley.protocol.TimMessage;

/**
 * Messages an operator sends (tim's admin API): a system message ({@code msType 1}) to a user or a room, a
 * message on behalf of a user (every rule of that user applies, as if their client had sent it), and a broadcast
 * to everyone online. System messages are stored (a user's in its own system history, a room's in the room's),
 * queued and pushed ack-required like any message. Every one is audited.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED) // each store call is its own shard transaction
public class AdminMessaging {

    /** Users one broadcast reads from the session directory at a time. */
    private static final int BROADCAST_PAGE = 1000;

    @Inject
    AccountStore accounts;

    @Inject
    RoomStore rooms;

    @Inject
    MessageStore messages;

    @Inject
    MessagingService messaging;

    @Inject
    Delivery delivery;

    @Inject
    SessionDirectory sessions;

    @Inject
    Settings settings;

    @Inject
    AuditTrail audit;

    /** What an operator's message carries; text and binary may both be set, one of them must be. */
    public record Content(String text, byte[] binary, Integer kind, Integer bnType, Map<String, String> extend) {

        int odType() {
            return kind == null ? MessageKind.NORMAL : kind;
        }
    }

    /**
     * A system message to one user: stored in the user's system history, queued, pushed ack-required.
     *
     * @return its mid
     */
    public long noticeToUser(String operator, String user, Content content) {
        KnownAccount.require(accounts, user);
        TimMessage m = wire(content).setMsType((byte) MessageKind.MS_SYSTEM).setToTid(new Tid(user));
        long mid = storeAndPush(user, m);
        audit.record(operator, "message.system", user, "mid " + mid);
        return mid;
    }

    /**
     * A system message to a room's members: stored in the room's history, pushed to every member online, found by
     * the others in their next offline pull, like a member's message.
     *
     * @return its mid
     */
    public long noticeToRoom(String operator, String room, Content content) {
        if (room == null || rooms.find(room).filter(r -> !r.cancelled()).isEmpty()) {
            throw OperationRefused.missing("no room " + room);
        }
        TimMessage m = wire(content).setMsType((byte) MessageKind.MS_SYSTEM).setRoomTid(new Tid(room));
        stored(ChatId.room(room), m, List.of());
        delivery.pushToRoom(room, m.getMid(), m);
        audit.record(operator, "message.system", room, "room, mid " + m.getMid());
        return m.getMid();
    }

    /**
     * A message from a user, as if their client had sent it: to a user ({@code msType 2}) or a room ({@code 3}),
     * with that user's rights (friendship, membership, blocks); refused with tim's error otherwise.
     *
     * @return its mid; 0 for kinds that are not stored
     */
    public long onBehalf(String operator, String from, String to, String room, Content content) {
        KnownAccount.require(accounts, from);
        TimMessage m = wire(content);
        if (room != null) {
            m.setMsType((byte) MessageKind.MS_ROOM).setRoomTid(new Tid(room));
        } else {
            m.setMsType((byte) MessageKind.MS_USER).setToTid(new Tid(to));
        }
        long mid = messaging.send(new Tid(from), m);
        String recipient = room != null ? "room " + room : "to " + to;
        audit.record(operator, "message.on-behalf", from, recipient + ", mid " + mid);
        return mid;
    }

    /**
     * A system message to every user online anywhere in the cluster now, each copy stored in that user's system
     * history and queued like {@link #noticeToUser}.
     *
     * @return how many users it went to
     */
    public int broadcast(String operator, Content content) {
        wire(content); // refused before anyone gets it, even when nobody is online
        int sent = 0;
        String after = null;
        for (List<String> page = sessions.usersOnline(null, BROADCAST_PAGE); !page.isEmpty();
                page = sessions.usersOnline(after, BROADCAST_PAGE)) {
            for (String user : page) {
                storeAndPush(user, wire(content).setMsType((byte) MessageKind.MS_SYSTEM).setToTid(new Tid(user)));
                sent++;
            }
            after = page.get(page.size() - 1);
        }
        audit.record(operator, "message.broadcast", null, sent + " users");
        return sent;
    }

    private long storeAndPush(String user, TimMessage m) {
        MessageStore.Appended appended = stored(ChatId.system(user), m, List.of(user));
        delivery.pushQueued(user, m, appended.queued().get(user));
        return m.getMid();
    }

    /** Appends the message to the chat's history, queued for {@code queueFor}, and gives it its mid and time. */
    private MessageStore.Appended stored(ChatId chat, TimMessage m, List<String> queueFor) {
        MessageStore.Appended appended = AppendRetry.append(messages, MessageContent.draft(chat, m, EpochNanos.now()),
                queueFor);
        m.setMid(appended.message().mid()).setTimestamp(appended.message().timestamp());
        return appended;
    }

    private TimMessage wire(Content c) {
        if (c.text() == null && c.binary() == null) {
            throw new OperationRefused("a message needs text or binary", false);
        }
        if (c.odType() != MessageKind.NORMAL && c.odType() != MessageKind.BUSINESS
                && (c.odType() < MessageKind.FIRST_USER_DEFINED || c.odType() > Byte.MAX_VALUE)) {
            throw new OperationRefused("kind is 1 (normal), 4 (business) or 31 to 127 (your own)", false);
        }
        TimMessage m = new TimMessage().setOdType((byte) c.odType()).setDataString(c.text()).setDataBinary(c.binary())
                .setExtend(c.extend()).setId(ThreadLocalRandom.current().nextLong());
        if (c.bnType() != null) {
            m.setBnType(c.bnType());
        }
        if (MessagingService.contentBytes(m) > settings.messageMaxBytes()) {
            throw new OperationRefused("the message is over parley.limit.message-bytes", false);
        }
        return m;
    }
}
