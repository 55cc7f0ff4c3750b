package org.parley.application;

import jakarta.ejb.EJBException;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.parley.domain.AccountStore;
import org.parley.domain.ChatId;
import org.parley.domain.EpochNanos;
import org.parley.domain.Message;
import org.parley.domain.MessageKind;
import org.parley.domain.MessageStore;
import org.parley.domain.NodeFormat;
import org.parley.infrastructure.cluster.ClusterRouter;
import org.parley.infrastructure.config.ParleyConfig;
import org.parley.protocol.ErrorCode;
import org.parley.protocol.FrameType;
import org.parley.protocol.Tid;
import org.parley.protocol.TimMessage;

/**
 * TIMMESSAGE (90, and 92/93 which tim routes by odType): checks, stores, echoes to the sender's devices and pushes
 * to the recipient's.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED) // each store call is its own shard transaction
public class MessagingService {

    /** A first message of a chat can lose the race to create the chat's sequence row; it is then simply retried. */
    private static final int APPEND_ATTEMPTS = 3;

    @Inject
    AccountStore accounts;

    @Inject
    MessageStore messages;

    @Inject
    ClusterRouter router;

    @Inject
    DeliveryService delivery;

    @Inject
    RoomService rooms;

    @Inject
    ParleyConfig config;

    @Inject
    BigDataService bigData;

    public void send(Tid sender, TimMessage request) {
        int msType = request.getMsType() == null ? 0 : request.getMsType();
        switch (msType) {
            case MessageKind.MS_USER -> sendToUser(sender, request);
            case MessageKind.MS_ROOM -> sendToRoom(sender, request);
            // System messages (msType 1) come only from administrators.
            default -> throw new TimFailure(ErrorCode.PARAMETER_INCORRECT);
        }
    }

    /** msType 2: a 1:1 message, by kind. */
    private void sendToUser(Tid sender, TimMessage request) {
        int odType = request.getOdType() == null ? 0 : request.getOdType();
        Tid to = request.getToTid();
        if (to == null || !NodeFormat.isValid(to.getNode())) {
            throw new TimFailure(ErrorCode.ACCOUNT_INCORRECT);
        }
        if (!accounts.exists(to.getNode())) {
            throw new TimFailure(ErrorCode.ACCOUNT_INCORRECT);
        }
        switch (odType) {
            case MessageKind.NORMAL -> {
                if (config.requireFriendship()) {
                    throw new TimFailure(ErrorCode.PERMISSION_DENIED); // no rosters yet, so nobody is a friend
                }
                sendDirect(sender, request, to.getNode());
            }
            // Raw frames to whoever is online now, with the permission checks of frames 95/96.
            case MessageKind.BIG_STRING, MessageKind.BIG_BINARY -> bigData.toUser(sender, request);
            default -> throw new TimFailure(ErrorCode.PARAMETER_INCORRECT);
        }
    }

    /**
     * msType 3: a message to a room's members, the sender included (its own copy is its confirmation, as in tim).
     * A normal message is stored once; members' delivery is tracked by cursors, not by rows per member.
     */
    private void sendToRoom(Tid sender, TimMessage request) {
        Tid roomTid = request.getRoomTid();
        if (roomTid == null) {
            throw new TimFailure(ErrorCode.PERMISSION_DENIED);
        }
        String room = roomTid.getNode();
        List<String> members = rooms.recipientsFor(sender.getNode(), room);
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
                router.pushToRoom(room, appended.message().mid(), members, message);
            }
            case MessageKind.STREAM -> router.sendToMany(members, FrameType.MESSAGE, message.setTimestamp(EpochNanos.now()));
            case MessageKind.BIG_STRING, MessageKind.BIG_BINARY -> bigData.toRoom(sender, members, request);
            default -> throw new TimFailure(ErrorCode.PARAMETER_INCORRECT);
        }
    }

    private void sendDirect(Tid sender, TimMessage request, String recipient) {
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
        router.send(sender.getNode(), FrameType.MESSAGE, message);
        delivery.push(recipient, message, appended.queued().get(recipient));
    }

    private MessageStore.Appended append(Message draft, List<String> queueFor) {
        for (int attempt = 1; ; attempt++) {
            try {
                return messages.append(draft, queueFor);
            } catch (EJBException e) {
                if (attempt == APPEND_ATTEMPTS) {
                    throw new TimFailure(ErrorCode.DATABASE_ERROR);
                }
            }
        }
    }
}
