package org.parley.domain;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** History and offline queues, sharded by chat. */
public interface MessageStore {

    /**
     * Stores a message under the next mid of its chat and, in the same transaction, queues it for each of
     * {@code recipients} until they acknowledge it.
     *
     * @return the stored message (with its mid) and the queue entry of each recipient
     */
    Appended append(Message draft, Collection<String> recipients);

    /** Newest first: mids up to {@code maxMid} (0 = no bound), timestamps up to {@code maxTimestamp} (0 = none). */
    List<Message> history(ChatId chat, long maxMid, long maxTimestamp, int limit);

    /** Oldest first: the chat's messages with a mid above {@code afterMid}. */
    List<Message> after(ChatId chat, long afterMid, int limit);

    /** One stored message of a chat, if it (still) exists. */
    Optional<Message> find(ChatId chat, long mid);

    /**
     * Deletes a stored message and, in the same transaction, every offline entry that refers to it, so a revoked
     * or burned message is neither in history nor delivered later.
     *
     * @return false if the message was not (or no longer) there
     */
    boolean remove(ChatId chat, long mid);

    /**
     * Queues a message that is not kept in history (the whole of it, as an opaque encoding) for one recipient, in
     * the recipient's shard, until a device acknowledges it.
     */
    OfflineRef enqueue(String recipient, byte[] message, long timestamp);

    /** The oldest entries queued for a user, over every shard, oldest first. */
    List<OfflineItem> pending(String recipient, int limit);

    void removeOffline(Collection<OfflineRef> refs);

    record Appended(Message message, Map<String, OfflineRef> queued) {
    }
}
