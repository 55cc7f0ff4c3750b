package org.parley.infrastructure.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.TypedQuery;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.parley.application.AtRestCipher;
import org.parley.application.CipherBinding;
import org.parley.domain.ChatId;
import org.parley.domain.Message;
import org.parley.domain.MessageStore;
import org.parley.domain.OfflineItem;
import org.parley.domain.OfflineRef;
import org.parley.persistence.MessageEntity;
import org.parley.persistence.MessageKey;
import org.parley.persistence.OfflineEntryEntity;
import org.parley.persistence.Slots;

/**
 * History and offline queues in the shard of each chat. Message content is sealed by the {@link AtRestCipher} bound
 * to the message's chat and mid before it reaches the database, and opened after it leaves it; so is a queued
 * message that history does not keep, bound to its queue entry's id.
 */
@ApplicationScoped // not an EJB: called on every message; its transactions are ShardTransactions', one per shard
public class JpaMessageStore implements MessageStore {

    private static final SecureRandom IDS = new SecureRandom();

    @Inject
    ShardAccess shards;

    @Inject
    AtRestCipher cipher;

    @Inject
    AppendGroupCommit groupCommit;

    @Override
    public Appended append(Message draft, Collection<String> recipients) {
        String chat = draft.chat().value();
        return groupCommit.append(shards.shardOf(chat), new DraftAppend(draft, recipients), this::appendAll);
    }

    /** One transaction per shard for a batch of appends (see {@link MessageRows#append}). */
    private void appendAll(List<DraftAppend> batch) {
        try {
            shards.writeTogether(batch, a -> a.draft.chat().value(), this::appendRows);
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                throw e;
            }
            // Nothing of the batch was written. One bad append (two first writers of a new chat racing, say) must
            // not fail the others: each alone.
            for (DraftAppend a : batch) {
                try {
                    shards.writeTogether(List.of(a), x -> x.draft.chat().value(), this::appendRows);
                    a.succeeded(a.outcome);
                } catch (RuntimeException single) {
                    a.failed(single);
                }
            }
            return;
        }
        batch.forEach(a -> a.succeeded(a.outcome));
    }

    private void appendRows(EntityManager em, List<DraftAppend> mine) {
        List<MessageRows.Draft> drafts = mine.stream().map(a -> new MessageRows.Draft(a.draft, a.recipients)).toList();
        List<Appended> outcomes = jdbc(em, c -> MessageRows.append(c, drafts,
                (m, mid) -> cipher.seal(m.content(), CipherBinding.message(m.chat().value(), mid)), IDS::nextLong));
        for (int i = 0; i < mine.size(); i++) {
            mine.get(i).outcome = outcomes.get(i);
        }
    }

    /** Runs plain JDBC on the connection of the entity manager's (JTA) transaction. */
    private static <T> T jdbc(EntityManager em, SqlWork<T> work) {
        try {
            return work.run(em.unwrap(Connection.class));
        } catch (SQLException e) {
            throw new PersistenceException(e);
        }
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    private static final class DraftAppend extends AppendGroupCommit.Pending<Appended> {
        final Message draft;
        final Collection<String> recipients;
        Appended outcome;

        DraftAppend(Message draft, Collection<String> recipients) {
            this.draft = draft;
            this.recipients = recipients;
        }
    }

    @Override
    public List<Message> history(ChatId chat, long maxMid, long maxTimestamp, int limit) {
        StringBuilder jpql = new StringBuilder("SELECT m FROM MessageEntity m WHERE m.chatId = :chat");
        if (maxMid > 0) {
            jpql.append(" AND m.mid <= :maxMid");
        }
        if (maxTimestamp > 0) {
            jpql.append(" AND m.createdAt <= :maxTs");
        }
        jpql.append(" ORDER BY m.mid DESC");
        return shards.read(chat.value(), em -> {
            TypedQuery<MessageEntity> q = em.createQuery(jpql.toString(), MessageEntity.class)
                    .setParameter("chat", chat.value())
                    .setMaxResults(limit);
            if (maxMid > 0) {
                q.setParameter("maxMid", maxMid);
            }
            if (maxTimestamp > 0) {
                q.setParameter("maxTs", maxTimestamp);
            }
            return q.getResultList().stream().map(this::toMessage).toList();
        });
    }

    @Override
    public List<Message> after(ChatId chat, long afterMid, int limit) {
        return shards.read(chat.value(), em -> em.createQuery(
                        "SELECT m FROM MessageEntity m WHERE m.chatId = :chat AND m.mid > :after ORDER BY m.mid",
                        MessageEntity.class)
                .setParameter("chat", chat.value())
                .setParameter("after", afterMid)
                .setMaxResults(limit)
                .getResultList().stream().map(this::toMessage).toList());
    }

    @Override
    public Optional<Message> find(ChatId chat, long mid) {
        return shards.read(chat.value(), em -> Optional.ofNullable(
                em.find(MessageEntity.class, new MessageKey(chat.value(), mid))).map(this::toMessage));
    }

    @Override
    public boolean remove(ChatId chat, long mid) {
        return shards.write(chat.value(), em -> {
            // Queue entries of stored messages live in the chat's shard, so both deletes are one transaction.
            int removed = em.createQuery("DELETE FROM MessageEntity m WHERE m.chatId = :chat AND m.mid = :mid")
                    .setParameter("chat", chat.value()).setParameter("mid", mid).executeUpdate();
            em.createQuery("DELETE FROM OfflineEntryEntity o WHERE o.chatId = :chat AND o.mid = :mid")
                    .setParameter("chat", chat.value()).setParameter("mid", mid).executeUpdate();
            return removed > 0;
        });
    }

    @Override
    public OfflineRef enqueue(String recipient, byte[] message, long timestamp) {
        ChatId queue = ChatId.queueOf(recipient);
        long id = IDS.nextLong();
        shards.write(queue.value(), em -> {
            em.persist(new OfflineEntryEntity(Slots.of(queue.value()), id, recipient, queue.value(), 0, timestamp,
                    cipher.seal(message, CipherBinding.offline(id))));
            return null;
        });
        return new OfflineRef(queue, id);
    }

    @Override
    public List<OfflineItem> pending(String recipient, int limit) {
        List<OfflineRef> orphans = new ArrayList<>();
        List<OfflineItem> items = shards.scan("o.slot", (em, owned) -> {
            List<OfflineItem> found = new ArrayList<>();
            List<OfflineEntryEntity> entries = em.createQuery(
                    "SELECT o FROM OfflineEntryEntity o WHERE o.recipientNode = :r AND " + owned
                            + " ORDER BY o.createdAt, o.id",
                    OfflineEntryEntity.class).setParameter("r", recipient).setMaxResults(limit).getResultList();
            for (OfflineEntryEntity e : entries) {
                OfflineRef ref = new OfflineRef(ChatId.of(e.getChatId()), e.getId());
                if (e.getPayload() != null) {
                    byte[] message = cipher.open(e.getPayload(), CipherBinding.offline(e.getId()));
                    found.add(OfflineItem.queued(ref, message, e.getCreatedAt()));
                    continue;
                }
                // Same chat, same slot: the entry's shard owns its message too.
                MessageEntity m = em.find(MessageEntity.class, new MessageKey(e.getChatId(), e.getMid()));
                if (m == null) {
                    orphans.add(ref); // its message is gone from history: nothing left to deliver
                } else {
                    found.add(OfflineItem.stored(ref, toMessage(m)));
                }
            }
            return found;
        });
        if (!orphans.isEmpty()) {
            removeOffline(orphans);
        }
        // Timestamps increase strictly with mid inside a chat, so this keeps each chat in mid order.
        items.sort(Comparator.comparingLong(OfflineItem::timestamp));
        return items.size() > limit ? List.copyOf(items.subList(0, limit)) : items;
    }

    @Override
    public void removeOffline(Collection<OfflineRef> refs) {
        shards.writeEach(refs, r -> r.chat().value(), (em, mine) -> jdbc(em, c -> {
            MessageRows.removeEntries(c, mine);
            return null;
        }));
    }

    private Message toMessage(MessageEntity m) {
        byte[] content = cipher.open(m.getPayload(), CipherBinding.message(m.getChatId(), m.getMid()));
        return new Message(ChatId.of(m.getChatId()), m.getMid(), m.getFromNode(), m.getToNode(), m.getRoomNode(),
                m.getMsType(), m.getOdType(), m.getCreatedAt(), content);
    }
}
