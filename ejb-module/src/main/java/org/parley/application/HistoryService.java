package org.parley.application;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import org.parley.domain.ChatId;
import org.parley.domain.MessageStore;
import org.parley.domain.NodeFormat;
import org.parley.protocol.ErrorCode;
import org.parley.protocol.TimMessage;
import org.parley.protocol.TimMessageList;
import org.parley.protocol.TimReq;

/**
 * TIMPULLMESSAGE (21): pages of history, newest first, with tim's inclusive upper mid bound. A 1:1 pull always
 * reads the requester's own chat with the peer, so nobody can read a chat they are not part of.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class HistoryService {

    private static final int DIRECT = 1;
    private static final int ROOM = 2;

    @Inject
    MessageStore messages;

    @Inject
    Settings config;

    @Inject
    RoomService rooms;

    /** @return the page, or empty when nothing matches (tim then sends no frame at all) */
    public Optional<TimMessageList> pull(String requester, TimReq req) {
        if (req.getRtype() == null || req.getReqInt() == null || req.getReqInt2() == null
                || !NodeFormat.isValid(req.getNode())) {
            throw new TimFailure(ErrorCode.PARAMETER_INCORRECT);
        }
        ChatId chat = switch (req.getRtype()) {
            case DIRECT -> ChatId.direct(requester, req.getNode());
            case ROOM -> {
                if (!rooms.isMember(requester, req.getNode())) {
                    throw new TimFailure(ErrorCode.PERMISSION_DENIED); // kicked, blocked and strangers read nothing
                }
                yield ChatId.room(req.getNode());
            }
            default -> throw new TimFailure(ErrorCode.PARAMETER_INCORRECT);
        };
        long maxMid = Math.max(0, req.getReqInt());
        long maxTimestamp = maxMid == 0 ? timeBound(req.getNode2()) : 0;
        List<TimMessage> page = messages.history(chat, maxMid, maxTimestamp, limit(req.getReqInt2())).stream()
                .map(MessageContent::toWire)
                .toList();
        return page.isEmpty() ? Optional.empty() : Optional.of(new TimMessageList().setMessageList(page));
    }

    private int limit(long requested) {
        return requested <= 0 ? config.historyDefaultLimit() : (int) Math.min(requested, config.historyMaxLimit());
    }

    private static long timeBound(String node2) {
        if (node2 == null || node2.isBlank()) {
            return 0;
        }
        try {
            return Long.parseLong(node2.trim());
        } catch (NumberFormatException e) {
            throw new TimFailure(ErrorCode.PARAMETER_INCORRECT);
        }
    }
}
