package org.parley.infrastructure.delivery;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.parley.domain.MessageStore;
import org.parley.domain.OfflineRef;

/**
 * Queue entries whose push a device acknowledged, deleted in batches (a group commit): while one delete runs, the
 * acknowledgements that arrive meanwhile gather for the next, so under load a delete transaction carries many
 * entries instead of one. An entry not yet deleted when the node dies is delivered again (same mid), never lost.
 */
@ApplicationScoped
public class OfflineRemovals {

    private static final Logger LOG = Logger.getLogger(OfflineRemovals.class.getName());
    /** Entries per delete: bounds one transaction. */
    static final int BATCH = 500;

    @Inject
    MessageStore messages;

    @Inject
    DeliveryExecutors executors;

    private final ConcurrentLinkedQueue<OfflineRef> acknowledged = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();

    void acknowledged(OfflineRef ref) {
        acknowledged.add(ref);
        if (draining.compareAndSet(false, true)) {
            executors.work().execute(this::drain);
        }
    }

    /** Deletes until nothing is left; one drain at a time. */
    void drain() {
        try {
            List<OfflineRef> batch = new ArrayList<>();
            OfflineRef ref;
            while (true) {
                while (batch.size() < BATCH && (ref = acknowledged.poll()) != null) {
                    batch.add(ref);
                }
                if (batch.isEmpty()) {
                    return;
                }
                try {
                    messages.removeOffline(batch);
                } catch (RuntimeException e) {
                    // The entries stay queued and come again with the next offline pull: a duplicate, not a loss.
                    LOG.log(Level.WARNING, "could not remove " + batch.size() + " acknowledged queue entries", e);
                }
                batch.clear();
            }
        } finally {
            draining.set(false);
            if (!acknowledged.isEmpty() && draining.compareAndSet(false, true)) {
                executors.work().execute(this::drain);
            }
        }
    }
}
