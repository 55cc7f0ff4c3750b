package org.parley.application;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import org.parley.domain.AccountStore;
import org.parley.domain.MessageKind;
import org.parley.domain.NodeFormat;
import org.parley.protocol.BigData;
import org.parley.protocol.ErrorCode;
import org.parley.protocol.FrameType;
import org.parley.protocol.Tid;
import org.parley.protocol.TimMessage;

/**
 * Big string and big binary (frames 95/96, and 1:1 or room messages of odType 6/7; wire spec §5.12, §5.15): relayed
 * as raw frames {@code [0x5F] <sender> | text} / {@code [0x60] <sender> 0x83 bytes} to the devices that are online
 * now, never stored or queued, no echo. Unlike tim, which skips every check here, the target must exist and the
 * sender must be allowed to message it, exactly as for a 1:1 message.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class BigDataService {

    @Inject
    AccountStore accounts;

    @Inject
    RosterService relations;

    @Inject
    Delivery delivery;

    /** A 95 or 96 frame from {@code sender} to the user named in it. */
    public void toUser(Tid sender, BigData frame) {
        String recipient = frame.node();
        if (!NodeFormat.isValid(recipient) || !accounts.exists(recipient)) {
            throw new TimFailure(ErrorCode.ACCOUNT_INCORRECT);
        }
        if (!relations.mayMessage(sender.getNode(), recipient)) {
            throw new TimFailure(ErrorCode.PERMISSION_DENIED);
        }
        delivery.sendRaw(List.of(recipient), new BigData(frame.type(), sender.getNode(), frame.payload()).toFrame());
    }

    /** A 1:1 TimMessage of odType 6 or 7: the same delivery as frames 95/96. */
    public void toUser(Tid sender, TimMessage message) {
        String recipient = message.getToTid() == null ? null : message.getToTid().getNode();
        toUser(sender, new BigData(frameTypeOf(message), recipient == null ? "" : recipient, payloadOf(message)));
    }

    /** A room TimMessage of odType 6 or 7, to the room's members who are online, the sender included (§5.12). */
    public void toRoom(Tid sender, Collection<String> members, TimMessage message) {
        delivery.sendRaw(members, new BigData(frameTypeOf(message), sender.getNode(), payloadOf(message)).toFrame());
    }

    private static int frameTypeOf(TimMessage message) {
        return message.getOdType() != null && message.getOdType() == MessageKind.BIG_STRING
                ? FrameType.BIGSTRING : FrameType.BIGBINARY;
    }

    private static byte[] payloadOf(TimMessage message) {
        if (message.getOdType() != null && message.getOdType() == MessageKind.BIG_STRING) {
            return message.getDataString() == null ? new byte[0] : message.getDataString().getBytes(StandardCharsets.UTF_8);
        }
        return message.getDataBinary() == null ? new byte[0] : message.getDataBinary();
    }
}
