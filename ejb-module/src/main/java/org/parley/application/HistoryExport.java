package org.parley.application;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import org.parley.domain.AccountStore;
import org.parley.domain.ChatId;
import org.parley.domain.Message;
import org.parley.domain.MessageStore;
import org.parley.domain.RoomStore;
import org.parley.protocol.TimMessage;

/**
 * What an operator reads out of history (compliance exports) and offline queues: pages of a 1:1 chat, a room or a
 * user's system messages, decrypted, newest first, each page ending where the next one starts; and a user's
 * waiting messages, which the operator may also discard. Reading is not audited; discarding is.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class HistoryExport {

    /** The most messages one page holds, whatever the caller asks for. */
    public static final int MAX_PAGE = 1000;

    /** Batches one discard goes through at most, so a queue that keeps filling cannot hold the request for ever. */
    private static final int MAX_DISCARD_BATCHES = 10_000;

    @Inject
    MessageStore messages;

    @Inject
    AccountStore accounts;

    @Inject
    RoomStore rooms;

    @Inject
    OfflineService offline;

    @Inject
    AuditTrail audit;

    /**
     * One page of history.
     *
     * @param next the {@code before} of the following page; 0 when this page reached the chat's first message
     */
    public record Page(List<TimMessage> messages, long next) {
    }

    public Page direct(String a, String b, long before, int limit) {
        KnownAccount.require(accounts, a);
        KnownAccount.require(accounts, b);
        return page(ChatId.direct(a, b), before, limit);
    }

    public Page room(String room, long before, int limit) {
        if (room == null || rooms.find(room).isEmpty()) {
            throw OperationRefused.missing("no room " + room);
        }
        return page(ChatId.room(room), before, limit);
    }

    public Page system(String user, long before, int limit) {
        KnownAccount.require(accounts, user);
        return page(ChatId.system(user), before, limit);
    }

    /** The oldest messages waiting for the user (1:1, notices, system messages, rooms above their cursor). */
    public List<TimMessage> waiting(String user) {
        KnownAccount.require(accounts, user);
        return offline.nextBatch(user).map(b -> b.list().getMessageList()).orElse(List.of());
    }

    /**
     * Discards everything waiting for the user, as if a device had acknowledged it all.
     *
     * @return how many messages were discarded
     */
    public long discardWaiting(String operator, String user) {
        KnownAccount.require(accounts, user);
        long discarded = 0;
        for (int i = 0; i < MAX_DISCARD_BATCHES; i++) {
            Optional<OfflineService.Batch> batch = offline.nextBatch(user);
            if (batch.isEmpty()) {
                break;
            }
            offline.acknowledge(batch.get(), user);
            discarded += batch.get().list().getMessageList().size();
        }
        audit.record(operator, "offline.discard", user, discarded + " messages");
        return discarded;
    }

    /** {@code before}: only mids below it (0: from the newest). */
    private Page page(ChatId chat, long before, int limit) {
        if (before < 0 || limit < 1) {
            throw new OperationRefused("before is 0 or a mid, limit at least 1", false);
        }
        if (before == 1) {
            return new Page(List.of(), 0); // mids start at 1: nothing is below it
        }
        int size = Math.min(limit, MAX_PAGE);
        List<Message> found = messages.history(chat, before == 0 ? 0 : before - 1, 0, size);
        long oldest = found.isEmpty() ? 0 : found.get(found.size() - 1).mid();
        // A short page is the last one (revokes and burns leave gaps, so mid 1 need not be there).
        long next = found.size() < size || oldest <= 1 ? 0 : oldest;
        return new Page(found.stream().map(MessageContent::toWire).toList(), next);
    }
}
