package org.parley.infrastructure.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Group commit for message appends: writers of one shard queue their append, and whichever of them finds no commit
 * under way commits everything queued in one transaction, for the others too (leader and followers). Alone, a
 * writer commits at once, as before; under load, a transaction carries every append that arrived while the previous
 * one ran, so the number of commits stops growing with the number of messages. Each writer returns only once its
 * own append committed (or failed): what is acknowledged to a sender is stored.
 */
@ApplicationScoped
public class AppendGroupCommit {

    /** Appends per transaction, bounding how long its row locks are held. */
    static final int MAX_BATCH = 64;
    /**
     * A waiting writer is woken when its append is settled or when it is next to lead; the timeout is only a guard
     * against a wake-up lost by a bug (a short one would wake hundreds of waiting writers a thousand times a second).
     */
    private static final long PARK_GUARD_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    /** One append waiting for its transaction. */
    abstract static class Pending<R> {
        final Thread writer = Thread.currentThread();
        volatile boolean done;
        R result;
        RuntimeException failure;

        /** Settles the append; called by the leader that committed (or failed) it. */
        void succeeded(R value) {
            result = value;
            done = true;
            LockSupport.unpark(writer);
        }

        void failed(RuntimeException e) {
            failure = e;
            done = true;
            LockSupport.unpark(writer);
        }
    }

    private static final class Lane {
        final ConcurrentLinkedQueue<Pending<?>> queue = new ConcurrentLinkedQueue<>();
        final AtomicBoolean committing = new AtomicBoolean();
    }

    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

    /**
     * Queues {@code append} with the others of its group (the shard it writes to) and waits until it is settled.
     *
     * @param commit commits a batch of appends in one transaction and settles each of them; if it throws instead,
     *               every append of the batch that it left unsettled fails with that exception
     */
    @SuppressWarnings("unchecked")
    public <R, P extends Pending<R>> R append(String group, P append, Consumer<List<P>> commit) {
        Lane lane = lanes.computeIfAbsent(group, g -> new Lane());
        lane.queue.add(append);
        while (!append.done) {
            if (lane.committing.compareAndSet(false, true)) {
                List<P> batch = new ArrayList<>();
                try {
                    Pending<?> next;
                    while (batch.size() < MAX_BATCH && (next = lane.queue.poll()) != null) {
                        batch.add((P) next);
                    }
                    if (!batch.isEmpty()) {
                        commit.accept(batch);
                    }
                } catch (RuntimeException e) {
                    batch.stream().filter(p -> !p.done).forEach(p -> p.failed(e));
                } finally {
                    lane.committing.set(false);
                    // Whoever waits next leads the next batch.
                    Pending<?> head = lane.queue.peek();
                    if (head != null) {
                        LockSupport.unpark(head.writer);
                    }
                }
            } else {
                LockSupport.parkNanos(this, PARK_GUARD_NANOS);
            }
        }
        if (append.failure != null) {
            throw append.failure;
        }
        return append.result;
    }

    /** Appends of the group waiting for a transaction (for tests). */
    int waiting(String group) {
        Lane lane = lanes.get(group);
        return lane == null ? 0 : lane.queue.size();
    }
}
