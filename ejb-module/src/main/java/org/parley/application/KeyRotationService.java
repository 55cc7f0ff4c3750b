package org.parley.application;

import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Key rotation of encryption at rest: re-seals, in the background, every stored value that names another key than
 * the active one, shard by shard, {@code parley.crypto.rotation-batch} records per transaction. Admin-invoked (see
 * the admin REST resource); runs on the node it was started on, never beside another rotation or a shard move (one
 * {@link MaintenanceLock} for the cluster). Once a rotation finished with no unreadable records, the keys other than
 * the active one can be removed from the configuration.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN) // status reads must not wait for a running rotation
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED) // each batch is its own shard transaction
public class KeyRotationService {

    private static final Logger LOG = Logger.getLogger(KeyRotationService.class.getName());
    private static final String OPERATION = "key rotation";

    @Inject
    SealedRecords records;

    @Inject
    AtRestCipher cipher;

    @Inject
    Settings config;

    @Inject
    MaintenanceLock maintenance;

    @Resource
    ManagedExecutorService executor;

    private volatile RotationStatus status = RotationStatus.NEVER_RUN;

    /**
     * Starts a rotation unless one is running; either way returns the current status.
     *
     * @throws OperationRefused if a shard move (or a rotation on another node) is running
     */
    public synchronized RotationStatus start() {
        if (status.state() == RotationStatus.State.RUNNING) {
            return status;
        }
        maintenance.tryAcquire(OPERATION).ifPresent(holder -> {
            throw new OperationRefused("another maintenance operation is running: " + holder, true);
        });
        status = new RotationStatus(RotationStatus.State.RUNNING, cipher.activeKeyId(), Instant.now(), null, null,
                0, 0, 0, null);
        RotationStatus started = status;
        executor.execute(this::run);
        return started;
    }

    public RotationStatus status() {
        return status;
    }

    private void run() {
        int batch = config.rotationBatch();
        try {
            for (String shard : records.shards()) {
                Optional<String> after = Optional.empty();
                SealedRecords.Batch b;
                do {
                    status = status.onShard(shard);
                    b = records.resealNext(shard, after, batch);
                    status = status.plus(b);
                    after = b.last();
                } while (b.examined() == batch);
            }
            status = status.finished();
            LOG.info(() -> "key rotation finished: " + status);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "key rotation failed", e);
            status = status.failed(e.toString());
        } finally {
            maintenance.release(OPERATION);
        }
    }

    /** Progress of the current or last rotation of this node. */
    public record RotationStatus(State state, String activeKey, Instant startedAt, Instant finishedAt, String shard,
            long examined, long resealed, long unreadable, String error) {

        static final RotationStatus NEVER_RUN = new RotationStatus(State.NEVER_RUN, null, null, null, null, 0, 0, 0, null);

        public enum State { NEVER_RUN, RUNNING, FINISHED, FAILED }

        RotationStatus onShard(String s) {
            return new RotationStatus(state, activeKey, startedAt, finishedAt, s, examined, resealed, unreadable, error);
        }

        RotationStatus plus(SealedRecords.Batch b) {
            return new RotationStatus(state, activeKey, startedAt, finishedAt, shard, examined + b.examined(),
                    resealed + b.resealed(), unreadable + b.unreadable(), error);
        }

        RotationStatus finished() {
            return new RotationStatus(State.FINISHED, activeKey, startedAt, Instant.now(), null, examined, resealed,
                    unreadable, null);
        }

        RotationStatus failed(String why) {
            return new RotationStatus(State.FAILED, activeKey, startedAt, Instant.now(), shard, examined, resealed,
                    unreadable, why);
        }
    }
}
