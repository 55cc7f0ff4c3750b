package org.parley.infrastructure.persistence;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.TypedQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.parley.application.AtRestCipher;
import org.parley.application.CipherBinding;
import org.parley.application.CipherFailure;
import org.parley.application.SealedRecords;
import org.parley.persistence.MessageEntity;
import org.parley.persistence.OfflineEntryEntity;
import org.parley.persistence.ProfileEntity;
import org.parley.persistence.RoomEntity;

/**
 * The sealed values of each shard for key rotation: message content, queued messages (offline entries that carry
 * their message), profiles and room beans. Each kind is walked in primary-key order with keyset paging, so a batch
 * costs the same at the end of a big table as at its start.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class JpaSealedRecords implements SealedRecords {

    /**
     * Every kind, in the order one walk over a shard visits them. One walk (and one position) covers them all, so
     * {@link org.parley.application.KeyRotationService} needs to know nothing about kinds: a batch that runs out of
     * one kind goes on with the next in the same transaction, and only a batch that examined fewer records than its
     * limit ends the shard.
     */
    static final List<Kind<?>> KINDS = List.of(new Messages(), new QueuedMessages(), new Profiles(), new Rooms());

    @Inject
    ShardResolver resolver;

    @Inject
    ShardTransactions tx;

    @Inject
    AtRestCipher cipher;

    @Override
    public List<String> shards() {
        return List.copyOf(resolver.shards());
    }

    @Override
    public Batch resealNext(String shard, Optional<String> after, int limit) {
        return tx.inNewTransaction(shard, em -> walk(KINDS, em, cipher, after, limit));
    }

    /** One batch: up to {@code limit} records after the {@link Position} {@code after}, over every kind it needs. */
    static Batch walk(List<Kind<?>> kinds, EntityManager em, AtRestCipher cipher, Optional<String> after, int limit) {
        Optional<Position> from = after.map(Position::parse);
        int first = from.map(p -> indexOf(kinds, p.kind())).orElse(0);
        Tally tally = new Tally();
        for (int k = first; k < kinds.size() && tally.examined < limit; k++) {
            Optional<String> key = k == first ? from.map(Position::key) : Optional.empty();
            tally.add(kinds.get(k), em, cipher, key, limit - tally.examined);
        }
        return new Batch(tally.examined, tally.resealed, tally.unreadable,
                tally.last.map(Position::encoded).or(() -> after));
    }

    private static int indexOf(List<Kind<?>> kinds, String name) {
        for (int i = 0; i < kinds.size(); i++) {
            if (kinds.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no sealed record kind " + name);
    }

    /** Where a walk over one shard stands: the kind, and the key of the last record of it examined. */
    record Position(String kind, String key) {

        Position {
            if (kind.isEmpty() || kind.indexOf(':') >= 0) {
                throw new IllegalArgumentException("kind must be a non-empty name without ':' but is " + kind);
            }
        }

        /** "kind:key": kinds have no colon, keys may (chat ids do). */
        static Position parse(String s) {
            int colon = s.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("not a position: " + s);
            }
            return new Position(s.substring(0, colon), s.substring(colon + 1));
        }

        String encoded() {
            return kind + ":" + key;
        }
    }

    /**
     * One kind of sealed record, as a walk reaches it: its rows in key order, each row's key, binding and value.
     *
     * @param <E> the entity holding the value
     */
    interface Kind<E> {

        /** The kind in a {@link Position}: no colon. */
        String name();

        /** Up to {@code limit} rows with a sealed value whose key comes after {@code after} (all when empty). */
        List<E> next(EntityManager em, Optional<String> after, int limit);

        String keyOf(E row);

        CipherBinding bindingOf(E row);

        byte[] valueOf(E row);

        void replace(E row, byte[] sealed);

        /**
         * Called before a row is re-sealed. Rows that users change (profiles, rooms) are locked and read again
         * here, so a concurrent change is neither lost nor overwritten by the re-sealed old value.
         */
        default void lock(EntityManager em, E row) {
        }
    }

    private static final class Tally {
        int examined;
        int resealed;
        int unreadable;
        Optional<Position> last = Optional.empty();

        <E> void add(Kind<E> kind, EntityManager em, AtRestCipher cipher, Optional<String> after, int limit) {
            List<E> rows = kind.next(em, after, limit);
            for (E row : rows) {
                examined++;
                try {
                    if (reseal(kind, em, cipher, row)) {
                        resealed++;
                    }
                } catch (CipherFailure e) {
                    unreadable++; // counted for the operator; the row stays as it is
                }
            }
            if (!rows.isEmpty()) {
                last = Optional.of(new Position(kind.name(), kind.keyOf(rows.get(rows.size() - 1))));
            }
        }

        private static <E> boolean reseal(Kind<E> kind, EntityManager em, AtRestCipher cipher, E row) {
            String active = cipher.activeKeyId();
            if (active.equals(cipher.keyIdOf(kind.valueOf(row)))) {
                return false;
            }
            kind.lock(em, row);
            if (active.equals(cipher.keyIdOf(kind.valueOf(row)))) {
                return false; // a user's change sealed it under the active key meanwhile
            }
            CipherBinding binding = kind.bindingOf(row);
            kind.replace(row, cipher.seal(cipher.open(kind.valueOf(row), binding), binding));
            return true;
        }
    }

    /** The next page of {@code type} in the order of its single-column key {@code key}, if {@code condition}. */
    private static <E> List<E> page(EntityManager em, Class<E> type, String key, String condition, Optional<?> after,
            int limit) {
        List<String> where = new ArrayList<>();
        if (condition != null) {
            where.add(condition);
        }
        after.ifPresent(a -> where.add("r." + key + " > :after"));
        String jpql = "SELECT r FROM " + type.getSimpleName() + " r"
                + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where)) + " ORDER BY r." + key;
        TypedQuery<E> q = em.createQuery(jpql, type).setMaxResults(limit);
        after.ifPresent(a -> q.setParameter("after", a));
        return q.getResultList();
    }

    /** Message content, by (chat id, mid); never changed once written. Key "mid:chatId" (chat ids have colons). */
    private static final class Messages implements Kind<MessageEntity> {

        @Override
        public String name() {
            return "message";
        }

        @Override
        public List<MessageEntity> next(EntityManager em, Optional<String> after, int limit) {
            if (after.isEmpty()) {
                return em.createQuery("SELECT m FROM MessageEntity m ORDER BY m.chatId, m.mid", MessageEntity.class)
                        .setMaxResults(limit).getResultList();
            }
            int colon = after.get().indexOf(':');
            return em.createQuery("SELECT m FROM MessageEntity m WHERE m.chatId > :chat"
                            + " OR (m.chatId = :chat AND m.mid > :mid) ORDER BY m.chatId, m.mid", MessageEntity.class)
                    .setParameter("chat", after.get().substring(colon + 1))
                    .setParameter("mid", Long.parseLong(after.get().substring(0, colon)))
                    .setMaxResults(limit).getResultList();
        }

        @Override
        public String keyOf(MessageEntity m) {
            return m.getMid() + ":" + m.getChatId();
        }

        @Override
        public CipherBinding bindingOf(MessageEntity m) {
            return CipherBinding.message(m.getChatId(), m.getMid());
        }

        @Override
        public byte[] valueOf(MessageEntity m) {
            return m.getPayload();
        }

        @Override
        public void replace(MessageEntity m, byte[] sealed) {
            m.setPayload(sealed);
        }
    }

    /**
     * Queue entries that carry their message, by id; written once, then only deleted (a re-seal of a row deleted
     * meanwhile updates nothing). Entries that refer to a stored message have no value of their own.
     */
    private static final class QueuedMessages implements Kind<OfflineEntryEntity> {

        @Override
        public String name() {
            return "offline";
        }

        @Override
        public List<OfflineEntryEntity> next(EntityManager em, Optional<String> after, int limit) {
            return page(em, OfflineEntryEntity.class, "id", "r.payload IS NOT NULL", after.map(Long::valueOf), limit);
        }

        @Override
        public String keyOf(OfflineEntryEntity e) {
            return Long.toString(e.getId());
        }

        @Override
        public CipherBinding bindingOf(OfflineEntryEntity e) {
            return CipherBinding.offline(e.getId());
        }

        @Override
        public byte[] valueOf(OfflineEntryEntity e) {
            return e.getPayload();
        }

        @Override
        public void replace(OfflineEntryEntity e, byte[] sealed) {
            e.setPayload(sealed);
        }
    }

    /** Profiles, by user node; changed by their users, so locked before re-sealing. */
    private static final class Profiles implements Kind<ProfileEntity> {

        @Override
        public String name() {
            return "profile";
        }

        @Override
        public List<ProfileEntity> next(EntityManager em, Optional<String> after, int limit) {
            return page(em, ProfileEntity.class, "node", null, after, limit);
        }

        @Override
        public String keyOf(ProfileEntity p) {
            return p.getNode();
        }

        @Override
        public CipherBinding bindingOf(ProfileEntity p) {
            return CipherBinding.profile(p.getNode());
        }

        @Override
        public byte[] valueOf(ProfileEntity p) {
            return p.getPayload();
        }

        @Override
        public void replace(ProfileEntity p, byte[] sealed) {
            p.setPayload(sealed);
        }

        @Override
        public void lock(EntityManager em, ProfileEntity p) {
            em.refresh(p, LockModeType.PESSIMISTIC_WRITE); // as JpaProfileStore.update locks it
        }
    }

    /** Room beans, by room node; changed by members, so locked before re-sealing. Rooms without a bean are skipped. */
    private static final class Rooms implements Kind<RoomEntity> {

        @Override
        public String name() {
            return "room";
        }

        @Override
        public List<RoomEntity> next(EntityManager em, Optional<String> after, int limit) {
            return page(em, RoomEntity.class, "node", "r.bean IS NOT NULL", after, limit);
        }

        @Override
        public String keyOf(RoomEntity r) {
            return r.getNode();
        }

        @Override
        public CipherBinding bindingOf(RoomEntity r) {
            return CipherBinding.room(r.getNode());
        }

        @Override
        public byte[] valueOf(RoomEntity r) {
            return r.getBean();
        }

        @Override
        public void replace(RoomEntity r, byte[] sealed) {
            r.setBean(sealed);
        }

        @Override
        public void lock(EntityManager em, RoomEntity r) {
            em.refresh(r, LockModeType.PESSIMISTIC_WRITE); // as JpaRoomStore.change locks it
        }
    }
}
