package org.parley.infrastructure.persistence;

import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.IntFunction;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.parley.application.OperationRefused;
import org.parley.application.MaintenanceLock;
import org.parley.infrastructure.config.ParleyConfig;
import org.parley.infrastructure.persistence.SlotCopier.Counts;
import org.parley.infrastructure.persistence.SlotCopier.Segment;
import org.parley.persistence.ShardMoveEntity;

/**
 * Online expansion: moves a slot range to a target shard (a new one, whose data source the operator created, or an
 * existing one) while every node keeps serving. Batch by batch of {@code parley.shard.move-batch-slots} slots:
 * <ol>
 * <li>copy ahead: the batch's messages and offline entries go to the target while writers go on;</li>
 * <li>freeze the batch on every node ({@link ShardMapSync}), so nobody writes to it;</li>
 * <li>catch up: what changed since the copy, and the small mutable rows, are made equal in the target;</li>
 * <li>switch: the next map version is written to the catalog, and every node installs it before the freeze lifts;</li>
 * <li>delete the batch's rows from every shard that does not own them now.</li>
 * </ol>
 * Progress is durable after every batch; each step is idempotent, so a move whose node died is {@linkplain #resume
 * resumed} from its last finished batch, or {@linkplain #rollback rolled back} (every slot returns to its owner in
 * the map the move started from). One move or key rotation at a time in the whole cluster ({@link MaintenanceLock}).
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ShardMoveService {

    private static final Logger LOG = Logger.getLogger(ShardMoveService.class.getName());
    private static final Pattern SHARD_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    @Inject
    ShardMapStore store;

    @Inject
    ShardMapSync sync;

    @Inject
    ShardResolver resolver;

    @Inject
    ShardEntityManagerFactories factories;

    @Inject
    SlotCopier copier;

    @Inject
    MaintenanceLock maintenance;

    @Inject
    ParleyConfig config;

    @Resource
    ManagedExecutorService executor;

    /** A move as the operator sees it. {@code state} is INTERRUPTED for a RUNNING move that no node is running. */
    public record MoveStatus(String id, int firstSlot, int lastSlot, String target, long baseVersion,
            boolean rollingBack, String state, int nextSlot, long rowsCopied, long rowsDeleted, long startedAt,
            long updatedAt, String error) {
    }

    /**
     * Starts moving {@code first..last} to {@code target}, opening the target's data source
     * {@code jdbc/parley/<target>} (and creating its tables) first.
     *
     * @throws OperationRefused if the range or target is invalid, the data source is missing, or maintenance is busy
     */
    public MoveStatus start(int first, int last, String target) {
        try {
            ShardMap.checkRange(first, last);
        } catch (IllegalArgumentException e) {
            throw new OperationRefused(e.getMessage(), false);
        }
        if (target == null || !SHARD_NAME.matcher(target).matches()) {
            throw new OperationRefused("target must be a shard name of letters, digits, '-' and '_'", false);
        }
        try {
            factories.open(List.of(target));
        } catch (RuntimeException e) {
            throw new OperationRefused("shard " + target + " cannot be opened: " + rootMessage(e), false);
        }
        String id = UUID.randomUUID().toString();
        acquire(id);
        try {
            ShardMap base = store.latest().orElseThrow();
            store.createMove(new ShardMoveEntity(id, first, last, target, base.version(), System.currentTimeMillis()));
        } catch (RuntimeException e) {
            maintenance.release(operation(id));
            throw e;
        }
        executor.execute(() -> run(id));
        return status(id).orElseThrow();
    }

    /** Runs an interrupted or failed move on from its last finished batch. */
    public MoveStatus resume(String id) {
        MoveStatus s = status(id).orElseThrow(() -> new OperationRefused("no shard move " + id, false));
        if (!Set.of("INTERRUPTED", "FAILED").contains(s.state())) {
            throw new OperationRefused("move " + id + " is " + s.state() + "; only an interrupted or failed move resumes", true);
        }
        acquire(id);
        store.updateMove(id, m -> m.changeState("RUNNING", null, System.currentTimeMillis()));
        executor.execute(() -> run(id));
        return status(id).orElseThrow();
    }

    /** Gives every slot of an interrupted, failed or finished move back to its owner in the move's base map. */
    public MoveStatus rollback(String id) {
        MoveStatus s = status(id).orElseThrow(() -> new OperationRefused("no shard move " + id, false));
        if (!Set.of("INTERRUPTED", "FAILED", "FINISHED").contains(s.state())) {
            throw new OperationRefused("move " + id + " is " + s.state() + "; it cannot be rolled back now", true);
        }
        acquire(id);
        store.updateMove(id, m -> m.startRollback(System.currentTimeMillis()));
        executor.execute(() -> run(id));
        return status(id).orElseThrow();
    }

    public Optional<MoveStatus> status(String id) {
        Optional<String> holderBefore = maintenance.holder();
        return store.move(id).map(m -> toStatus(m, holderBefore));
    }

    public List<MoveStatus> moves() {
        Optional<String> holderBefore = maintenance.holder();
        return store.moves().stream().map(m -> toStatus(m, holderBefore)).toList();
    }

    private void run(String id) {
        boolean rollingBack = false;
        try {
            ShardMoveEntity move = store.move(id).orElseThrow();
            rollingBack = move.isRollingBack();
            ShardMap base = store.version(move.getBaseVersion()).orElseThrow();
            String target = move.getTarget();
            IntFunction<String> owner = rollingBack ? base::ownerOf : slot -> target;
            int batch = Math.max(1, config.moveBatchSlots());
            for (int next = move.getNextSlot(); next <= move.getLastSlot(); ) {
                int end = Math.min(move.getLastSlot(), next + batch - 1);
                Counts c = moveBatch(id, next, end, owner);
                int done = end + 1;
                store.updateMove(id, m -> m.progressed(done, c.copied(), c.deleted(), System.currentTimeMillis()));
                next = done;
            }
            String finished = rollingBack ? "ROLLED_BACK" : "FINISHED";
            store.updateMove(id, m -> m.changeState(finished, null, System.currentTimeMillis()));
            LOG.info(() -> "shard move " + id + " " + finished + "; map " + resolver.map());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "shard move " + id + " failed", e);
            store.updateMove(id, m -> m.changeState("FAILED", rootMessage(e), System.currentTimeMillis()));
        } finally {
            maintenance.release(operation(id));
        }
    }

    /** One batch: copy ahead, freeze, catch up, switch, thaw, delete the rows left in shards that do not own them. */
    private Counts moveBatch(String id, int first, int last, IntFunction<String> owner) {
        ShardMap current = store.latest().orElseThrow();
        List<Move> moves = segments(current, first, last, owner);
        Set<String> targets = new LinkedHashSet<>();
        moves.forEach(m -> targets.add(m.target()));
        factories.open(targets);
        Counts c = Counts.NONE;
        for (Move m : moves) {
            c = c.plus(copier.precopy(m.source(), m.target(), m.range()));
        }
        ShardMap switched = current;
        if (!moves.isEmpty()) {
            ShardMapSync.Freeze freeze = sync.freezeEverywhere(id, first, last);
            try {
                for (Move m : moves) {
                    c = c.plus(copier.catchUp(m.source(), m.target(), m.range()));
                }
                switched = current.with(first, last, owner);
                store.save(switched, "move " + id);
            } finally {
                sync.thawEverywhere(freeze);
            }
            long version = switched.version();
            if (!sync.awaitInstalled(version, config.freezeTimeout())) {
                LOG.warning(() -> "not every node reports map version " + version + " yet; deleting moved rows anyway");
            }
        }
        // Every shard that may hold rows of the batch: a rollback's last batch takes the target out of the map.
        Set<String> holders = new LinkedHashSet<>(resolver.shards());
        moves.forEach(m -> holders.add(m.source()));
        holders.addAll(targets);
        long deleted = 0;
        for (String shard : holders) {
            for (Segment s : notOwned(switched, shard, first, last)) {
                deleted += copier.purge(shard, s);
            }
        }
        return c.plus(new Counts(0, deleted));
    }

    /** A contiguous run of slots that goes from one shard to another. */
    private record Move(String source, String target, Segment range) {
    }

    private static List<Move> segments(ShardMap map, int first, int last, IntFunction<String> owner) {
        List<Move> moves = new ArrayList<>();
        int start = -1;
        for (int slot = first; slot <= last + 1; slot++) {
            boolean sameRun = start >= 0 && slot <= last && map.ownerOf(slot).equals(map.ownerOf(start))
                    && owner.apply(slot).equals(owner.apply(start));
            if (start >= 0 && !sameRun) {
                if (!map.ownerOf(start).equals(owner.apply(start))) {
                    moves.add(new Move(map.ownerOf(start), owner.apply(start), new Segment(start, slot - 1)));
                }
                start = -1;
            }
            if (start < 0 && slot <= last) {
                start = slot;
            }
        }
        return moves;
    }

    private static List<Segment> notOwned(ShardMap map, String shard, int first, int last) {
        List<Segment> segments = new ArrayList<>();
        int start = -1;
        for (int slot = first; slot <= last + 1; slot++) {
            boolean foreign = slot <= last && !map.ownerOf(slot).equals(shard);
            if (foreign && start < 0) {
                start = slot;
            } else if (!foreign && start >= 0) {
                segments.add(new Segment(start, slot - 1));
                start = -1;
            }
        }
        return segments;
    }

    private void acquire(String id) {
        maintenance.tryAcquire(operation(id)).ifPresent(holder -> {
            throw new OperationRefused("another maintenance operation is running: " + holder, true);
        });
    }

    /**
     * A running move holds the maintenance lock from before its row says RUNNING until after the row says how it
     * ended, so it is interrupted only if the lock was free both before and after the row was read: one look alone
     * can fall between the row's last write and the release (or between the acquire and the first write).
     */
    private MoveStatus toStatus(ShardMoveEntity m, Optional<String> holderBefore) {
        String state = m.getState();
        String op = operation(m.getId());
        if ("RUNNING".equals(state) && !holderBefore.map(op::equals).orElse(false)
                && !maintenance.holder().map(op::equals).orElse(false)) {
            state = "INTERRUPTED";
        }
        return new MoveStatus(m.getId(), m.getFirstSlot(), m.getLastSlot(), m.getTarget(), m.getBaseVersion(),
                m.isRollingBack(), state, m.getNextSlot(), m.getRowsCopied(), m.getRowsDeleted(), m.getStartedAt(),
                m.getUpdatedAt(), m.getError());
    }

    static String operation(String id) {
        return "shard move " + id;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }
}
