package org.parley.infrastructure.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.parley.infrastructure.config.ParleyConfig;
import org.parley.persistence.AccountEntity;
import org.parley.persistence.ChatSequenceEntity;
import org.parley.persistence.MessageEntity;
import org.parley.persistence.MessageKey;
import org.parley.persistence.OfflineEntryEntity;
import org.parley.persistence.ProfileEntity;
import org.parley.persistence.RelationEntity;
import org.parley.persistence.RoomEntity;
import org.parley.persistence.RoomMemberEntity;
import org.parley.persistence.RoomMemberKey;

/**
 * Moves the rows of a slot range between shards, kind by kind, in transactions of {@code parley.shard.move-batch-rows}
 * rows. Two sorts of kinds:
 * <ul>
 * <li>append-only (messages, offline entries): rows are only ever inserted or deleted (re-sealing by a key rotation
 * never runs during a move), so they are copied ahead while writers go on, and brought up to date under the freeze
 * by comparing keys: only what changed in between is copied or deleted;</li>
 * <li>mutable (accounts, chat sequences, profiles, relations, rooms, memberships): small, and updated in place, so
 * under the freeze the target's copy is replaced whole.</li>
 * </ul>
 * Every step is idempotent: a move that died half-way runs its batch again from the start.
 */
@ApplicationScoped
public class SlotCopier {

    /**
     * One entity type as a move sees it: its JPQL name, its id attributes, how a selected id becomes a key, and a
     * row's key.
     */
    record Kind<E>(Class<E> type, String entity, String idAttributes, Function<Object, Object> selectedKey,
            Function<E, Object> rowKey, boolean appendOnly) {

        Object keyOf(Object row) {
            return rowKey.apply(type.cast(row));
        }
    }

    static final List<Kind<?>> KINDS = List.of(
            new Kind<>(AccountEntity.class, "AccountEntity", "e.node", k -> k, AccountEntity::getNode, false),
            new Kind<>(ChatSequenceEntity.class, "ChatSequenceEntity", "e.chatId", k -> k,
                    ChatSequenceEntity::getChatId, false),
            new Kind<>(MessageEntity.class, "MessageEntity", "e.chatId, e.mid",
                    k -> new MessageKey((String) ((Object[]) k)[0], ((Number) ((Object[]) k)[1]).longValue()),
                    e -> new MessageKey(e.getChatId(), e.getMid()), true),
            new Kind<>(OfflineEntryEntity.class, "OfflineEntryEntity", "e.id", k -> ((Number) k).longValue(),
                    OfflineEntryEntity::getId, true),
            new Kind<>(ProfileEntity.class, "ProfileEntity", "e.node", k -> k, ProfileEntity::getNode, false),
            new Kind<>(RelationEntity.class, "RelationEntity", "e.pairKey", k -> k, RelationEntity::getPairKey, false),
            new Kind<>(RoomEntity.class, "RoomEntity", "e.node", k -> k, RoomEntity::getNode, false),
            new Kind<>(RoomMemberEntity.class, "RoomMemberEntity", "e.room, e.member",
                    k -> new RoomMemberKey((String) ((Object[]) k)[0], (String) ((Object[]) k)[1]),
                    e -> new RoomMemberKey(e.getRoom(), e.getMember()), false));

    @Inject
    ShardTransactions tx;

    @Inject
    ParleyConfig config;

    /** Slots {@code first..last}. */
    public record Segment(int first, int last) {
    }

    /** Row counts of one step. */
    public record Counts(long copied, long deleted) {

        static final Counts NONE = new Counts(0, 0);

        Counts plus(Counts o) {
            return new Counts(copied + o.copied, deleted + o.deleted);
        }
    }

    /** Before the freeze: copies the append-only rows of {@code range} that {@code target} lacks. */
    public Counts precopy(String source, String target, Segment range) {
        Counts c = Counts.NONE;
        for (Kind<?> kind : KINDS) {
            if (kind.appendOnly()) {
                Set<Object> present = new HashSet<>(keys(target, kind, range));
                c = c.plus(new Counts(copy(kind, source, target, range, k -> !present.contains(k)), 0));
            }
        }
        return c;
    }

    /** Under the freeze: makes every row of {@code range} in {@code target} what it is in {@code source}. */
    public Counts catchUp(String source, String target, Segment range) {
        Counts c = Counts.NONE;
        for (Kind<?> kind : KINDS) {
            if (kind.appendOnly()) {
                Set<Object> inSource = new HashSet<>(keys(source, kind, range));
                Set<Object> inTarget = new HashSet<>(keys(target, kind, range));
                List<Object> extra = inTarget.stream().filter(k -> !inSource.contains(k)).toList();
                List<Object> missing = inSource.stream().filter(k -> !inTarget.contains(k)).toList();
                c = c.plus(new Counts(copyByKey(kind, source, target, missing), delete(kind, target, extra)));
            } else {
                long deleted = purge(target, kind, range);
                c = c.plus(new Counts(copy(kind, source, target, range, k -> true), deleted));
            }
        }
        return c;
    }

    /** Deletes every row of {@code range} from {@code shard} (which does not own it). */
    public long purge(String shard, Segment range) {
        long deleted = 0;
        for (Kind<?> kind : KINDS) {
            deleted += purge(shard, kind, range);
        }
        return deleted;
    }

    private List<Object> keys(String shard, Kind<?> kind, Segment range) {
        return tx.withoutTransaction(shard, em -> em.createQuery(
                        "SELECT " + kind.idAttributes() + " FROM " + kind.entity() + " e WHERE e.slot BETWEEN :a AND :b")
                .setParameter("a", range.first()).setParameter("b", range.last())
                .getResultList().stream().map(kind.selectedKey()).toList());
    }

    /**
     * Copies, page by page in id order, the rows of the range whose key {@code wanted} accepts. While writers go on
     * (a copy ahead), rows inserted meanwhile shift the pages: a row may come round twice, which the keys copied so
     * far catch, or be passed over, which the catch-up under the freeze (where nothing moves) makes good.
     */
    private long copy(Kind<?> kind, String source, String target, Segment range, Predicate<Object> wanted) {
        int page = config.moveBatchRows();
        long copied = 0;
        Set<Object> done = new HashSet<>();
        for (int first = 0; ; first += page) {
            int from = first;
            List<?> rows = tx.withoutTransaction(source, em -> em.createQuery(
                            "SELECT e FROM " + kind.entity() + " e WHERE e.slot BETWEEN :a AND :b ORDER BY " + kind.idAttributes())
                    .setParameter("a", range.first()).setParameter("b", range.last())
                    .setFirstResult(from)
                    .setMaxResults(page)
                    .getResultList());
            List<?> chosen = rows.stream().filter(r -> wanted.test(kind.keyOf(r)) && done.add(kind.keyOf(r))).toList();
            if (!chosen.isEmpty()) {
                tx.inNewTransaction(target, em -> {
                    chosen.forEach(em::persist);
                    return null;
                });
                copied += chosen.size();
            }
            if (rows.size() < page) {
                return copied;
            }
        }
    }

    /** Copies the rows with these keys, looked up one by one: for the few rows a catch-up finds missing. */
    private long copyByKey(Kind<?> kind, String source, String target, List<Object> keys) {
        long copied = 0;
        int page = config.moveBatchRows();
        for (int i = 0; i < keys.size(); i += page) {
            List<Object> chunk = keys.subList(i, Math.min(keys.size(), i + page));
            List<?> rows = tx.withoutTransaction(source, em -> chunk.stream()
                    .map(k -> em.find(kind.type(), k)).filter(Objects::nonNull).toList());
            tx.inNewTransaction(target, em -> {
                rows.forEach(em::persist);
                return null;
            });
            copied += rows.size();
        }
        return copied;
    }

    private long delete(Kind<?> kind, String shard, List<Object> keys) {
        long deleted = 0;
        int page = config.moveBatchRows();
        for (int i = 0; i < keys.size(); i += page) {
            List<Object> chunk = keys.subList(i, Math.min(keys.size(), i + page));
            deleted += tx.inNewTransaction(shard, em -> {
                int n = 0;
                for (Object k : chunk) {
                    Object row = em.find(kind.type(), k);
                    if (row != null) {
                        em.remove(row);
                        n++;
                    }
                }
                return n;
            });
        }
        return deleted;
    }

    private long purge(String shard, Kind<?> kind, Segment range) {
        return tx.inNewTransaction(shard, em -> em
                .createQuery("DELETE FROM " + kind.entity() + " e WHERE e.slot BETWEEN :a AND :b")
                .setParameter("a", range.first()).setParameter("b", range.last())
                .executeUpdate());
    }

}
