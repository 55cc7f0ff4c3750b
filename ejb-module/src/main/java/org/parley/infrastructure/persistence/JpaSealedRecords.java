package org.parley.infrastructure.persistence;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.TypedQuery;
import java.util.List;
import java.util.Optional;
import org.parley.application.AtRestCipher;
import org.parley.application.CipherBinding;
import org.parley.application.CipherFailure;
import org.parley.application.SealedRecords;
import org.parley.persistence.MessageEntity;

/**
 * The sealed values of each shard for key rotation: today the content of messages, walked in primary-key order
 * (chat id, mid) with keyset paging, so a batch costs the same at the end of a big table as at its start. Messages
 * are never changed after they are written, so re-sealing needs no lock against concurrent senders.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class JpaSealedRecords implements SealedRecords {

    @Inject
    ShardResolver resolver;

    @Inject
    ShardTransactions tx;

    @Inject
    AtRestCipher cipher;

    @Override
    public List<String> shards() {
        return resolver.shards();
    }

    @Override
    public Batch resealNext(String shard, Optional<String> after, int limit) {
        return tx.inNewTransaction(shard, em -> {
            TypedQuery<MessageEntity> q;
            if (after.isEmpty()) {
                q = em.createQuery("SELECT m FROM MessageEntity m ORDER BY m.chatId, m.mid", MessageEntity.class);
            } else {
                Position p = Position.parse(after.get());
                q = em.createQuery("SELECT m FROM MessageEntity m WHERE m.chatId > :chat OR (m.chatId = :chat AND m.mid > :mid)"
                        + " ORDER BY m.chatId, m.mid", MessageEntity.class)
                        .setParameter("chat", p.chatId())
                        .setParameter("mid", p.mid());
            }
            List<MessageEntity> rows = q.setMaxResults(limit).getResultList();
            String active = cipher.activeKeyId();
            int resealed = 0;
            int unreadable = 0;
            for (MessageEntity m : rows) {
                try {
                    if (!active.equals(cipher.keyIdOf(m.getPayload()))) {
                        CipherBinding binding = CipherBinding.message(m.getChatId(), m.getMid());
                        m.setPayload(cipher.seal(cipher.open(m.getPayload(), binding), binding));
                        resealed++;
                    }
                } catch (CipherFailure e) {
                    unreadable++; // counted for the operator; the row stays as it is
                }
            }
            Optional<String> last = rows.isEmpty() ? after
                    : Optional.of(new Position(rows.get(rows.size() - 1).getChatId(), rows.get(rows.size() - 1).getMid()).encoded());
            return new Batch(rows.size(), resealed, unreadable, last);
        });
    }

    /** Where a walk over one shard's messages stands: "mid:chatId" (chat ids contain colons, mids do not). */
    private record Position(String chatId, long mid) {

        static Position parse(String s) {
            int colon = s.indexOf(':');
            return new Position(s.substring(colon + 1), Long.parseLong(s.substring(0, colon)));
        }

        String encoded() {
            return mid + ":" + chatId;
        }
    }
}
