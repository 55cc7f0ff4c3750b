package org.parley.infrastructure.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.LongSupplier;
import org.parley.domain.Message;
import org.parley.domain.MessageStore.Appended;
import org.parley.domain.OfflineRef;
import org.parley.persistence.ChatSequenceEntity;
import org.parley.persistence.Slots;

/**
 * The two writes every 1:1 message makes, as plain JDBC batches on the connection of the shard's transaction: an
 * append batch (lock each chat's sequence row, stamp the messages, insert them and their queue entries) and the
 * removal of acknowledged queue entries. Through EntityManager the same rows cost about half of a node's CPU under
 * load (change tracking, a parse per statement); here each statement is prepared once per batch. The tables are the
 * entities' ({@code org.parley.persistence}); JPA still reads them.
 */
final class MessageRows {

    private static final String LOCK_SEQUENCE =
            "SELECT last_mid, last_timestamp FROM parley_chat_sequence WHERE chat_id = ? FOR UPDATE";
    private static final String INSERT_SEQUENCE =
            "INSERT INTO parley_chat_sequence (chat_id, shard_slot, last_mid, last_timestamp) VALUES (?, ?, ?, ?)";
    private static final String UPDATE_SEQUENCE =
            "UPDATE parley_chat_sequence SET last_mid = ?, last_timestamp = ? WHERE chat_id = ?";
    private static final String INSERT_MESSAGE = "INSERT INTO parley_message (chat_id, mid, shard_slot, from_node,"
            + " to_node, room_node, ms_type, od_type, created_at, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_ENTRY = "INSERT INTO parley_offline_entry (id, shard_slot, recipient_node,"
            + " chat_id, mid, created_at, payload) VALUES (?, ?, ?, ?, ?, ?, NULL)";
    private static final String DELETE_ENTRY = "DELETE FROM parley_offline_entry WHERE id = ?";

    /** A message to store and whom to queue it for. */
    record Draft(Message message, Collection<String> recipients) {
    }

    private MessageRows() {
    }

    /**
     * Appends {@code drafts} (all of one shard) in the caller's transaction and returns their outcomes in the same
     * order. The sequence row lock serialises writers of one chat across all nodes (mids never repeat or go
     * backwards); rows are locked in chat order, so two batches on different nodes never deadlock; a chat's
     * messages get their mids in the order given. A chat's first message inserts its sequence row: a concurrent
     * first writer elsewhere makes the batch fail with a duplicate key, and the caller retries.
     *
     * @param seal    seals a message's content for its chat and mid
     * @param entryId the id of the next queue entry
     */
    static List<Appended> append(Connection c, List<Draft> drafts, BiFunction<Message, Long, byte[]> seal,
            LongSupplier entryId) throws SQLException {
        Map<String, ChatSequenceEntity> sequences = new LinkedHashMap<>();
        Set<String> existing = new HashSet<>();
        List<String> chats = drafts.stream().map(d -> d.message().chat().value()).distinct().sorted().toList();
        try (PreparedStatement lock = c.prepareStatement(LOCK_SEQUENCE)) {
            for (String chat : chats) {
                lock.setString(1, chat);
                try (ResultSet row = lock.executeQuery()) {
                    if (row.next()) {
                        existing.add(chat);
                        sequences.put(chat, new ChatSequenceEntity(Slots.of(chat), chat, row.getLong(1), row.getLong(2)));
                    } else {
                        sequences.put(chat, new ChatSequenceEntity(Slots.of(chat), chat));
                    }
                }
            }
        }
        List<Appended> outcomes = new ArrayList<>(drafts.size());
        try (PreparedStatement message = c.prepareStatement(INSERT_MESSAGE);
                PreparedStatement entry = c.prepareStatement(INSERT_ENTRY)) {
            for (Draft d : drafts) {
                Message draft = d.message();
                String chat = draft.chat().value();
                int slot = Slots.of(chat);
                ChatSequenceEntity seq = sequences.get(chat);
                seq.advance(draft.timestamp());
                Message stored = draft.stamped(seq.getLastMid(), seq.getLastTimestamp());
                message.setString(1, chat);
                message.setLong(2, stored.mid());
                message.setInt(3, slot);
                message.setString(4, draft.fromNode());
                setText(message, 5, draft.toNode());
                setText(message, 6, draft.roomNode());
                message.setInt(7, draft.msType());
                message.setInt(8, draft.odType());
                message.setLong(9, stored.timestamp());
                message.setBytes(10, seal.apply(draft, stored.mid()));
                message.addBatch();
                Map<String, OfflineRef> queued = new LinkedHashMap<>();
                for (String recipient : d.recipients()) {
                    long id = entryId.getAsLong();
                    entry.setLong(1, id);
                    entry.setInt(2, slot);
                    entry.setString(3, recipient);
                    entry.setString(4, chat);
                    entry.setLong(5, stored.mid());
                    entry.setLong(6, stored.timestamp());
                    entry.addBatch();
                    queued.put(recipient, new OfflineRef(draft.chat(), id));
                }
                outcomes.add(new Appended(stored, queued));
            }
            writeSequences(c, sequences, existing);
            message.executeBatch();
            if (outcomes.stream().anyMatch(a -> !a.queued().isEmpty())) {
                entry.executeBatch();
            }
        }
        return outcomes;
    }

    private static void writeSequences(Connection c, Map<String, ChatSequenceEntity> sequences, Set<String> existing)
            throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(INSERT_SEQUENCE);
                PreparedStatement update = c.prepareStatement(UPDATE_SEQUENCE)) {
            boolean inserts = false;
            boolean updates = false;
            for (ChatSequenceEntity seq : sequences.values()) {
                if (existing.contains(seq.getChatId())) {
                    update.setLong(1, seq.getLastMid());
                    update.setLong(2, seq.getLastTimestamp());
                    update.setString(3, seq.getChatId());
                    update.addBatch();
                    updates = true;
                } else {
                    insert.setString(1, seq.getChatId());
                    insert.setInt(2, seq.getSlot());
                    insert.setLong(3, seq.getLastMid());
                    insert.setLong(4, seq.getLastTimestamp());
                    insert.addBatch();
                    inserts = true;
                }
            }
            if (inserts) {
                insert.executeBatch();
            }
            if (updates) {
                update.executeBatch();
            }
        }
    }

    /** Deletes queue entries by id in the caller's transaction (entries already gone are no error). */
    static void removeEntries(Connection c, Collection<OfflineRef> refs) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement(DELETE_ENTRY)) {
            for (OfflineRef ref : refs) {
                delete.setLong(1, ref.entryId());
                delete.addBatch();
            }
            delete.executeBatch();
        }
    }

    private static void setText(PreparedStatement s, int index, String value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.VARCHAR);
        } else {
            s.setString(index, value);
        }
    }
}
