package org.parley.infrastructure.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.parley.persistence.Slots;

/**
 * This node's fence between writers and slot moves. A writer {@link #enter enters} the slots it is about to write
 * and leaves them once its transaction has committed; a move {@link #freeze freezes} a slot range, which makes new
 * writers of those slots wait and lets the move wait until the writers already inside have left. While a range is
 * frozen on every node, nothing writes to it anywhere, so its rows can be brought up to date in the target shard and
 * the map switched without losing a write.
 * <p>
 * Writers count themselves in before they look at the frozen flags, and a freeze sets the flags before it reads the
 * counts (both through volatile array operations): either the writer sees the freeze and backs out, or the freeze
 * sees the writer and waits for it. A writer that finds any of its slots frozen leaves all of them before it waits,
 * so a writer of several slots never holds one that a freeze is draining.
 */
@ApplicationScoped
public class SlotGate {

    private final AtomicIntegerArray inFlight = new AtomicIntegerArray(Slots.COUNT);
    private final AtomicIntegerArray frozen = new AtomicIntegerArray(Slots.COUNT);
    private final Object changed = new Object();
    private volatile int frozenSlots;

    /** Raised when a writer waited the whole limit for a frozen slot. */
    public static final class FrozenTooLong extends RuntimeException {

        private static final long serialVersionUID = 1L;

        FrozenTooLong(int slot, Duration limit) {
            super("slot " + slot + " stayed frozen by a shard move for " + limit, null, false, false);
        }
    }

    /** Proof of having entered slots; closing it leaves them. */
    public final class Pass implements AutoCloseable {

        private final int[] slots;
        private boolean closed;

        private Pass(int[] slots) {
            this.slots = slots;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                leave(slots);
            }
        }
    }

    /**
     * Enters {@code slots} (duplicates allowed), waiting while any of them is frozen.
     *
     * @throws FrozenTooLong if a slot stayed frozen for {@code limit}
     */
    public Pass enter(int[] slots, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            for (int slot : slots) {
                inFlight.incrementAndGet(slot);
            }
            int blocked = firstFrozen(slots);
            if (blocked < 0) {
                return new Pass(slots);
            }
            leave(slots);
            if (!awaitThawed(blocked, deadline)) {
                throw new FrozenTooLong(blocked, limit);
            }
        }
    }

    public Pass enter(int slot, Duration limit) {
        return enter(new int[] {slot}, limit);
    }

    /**
     * Freezes {@code first..last} and waits until no writer is inside any of them.
     *
     * @return true when drained; false when writers were still inside after {@code limit} (the range stays frozen:
     *         the caller decides whether to keep waiting or {@link #thaw})
     */
    public boolean freeze(int first, int last, Duration limit) {
        ShardMap.checkRange(first, last);
        synchronized (changed) {
            for (int slot = first; slot <= last; slot++) {
                if (frozen.getAndSet(slot, 1) == 0) {
                    frozenSlots++;
                }
            }
        }
        long deadline = System.nanoTime() + limit.toNanos();
        synchronized (changed) {
            while (!drained(first, last)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                waitOn(left);
            }
        }
        return true;
    }

    /** Lifts a freeze of {@code first..last}; waiting writers go on. */
    public void thaw(int first, int last) {
        ShardMap.checkRange(first, last);
        synchronized (changed) {
            for (int slot = first; slot <= last; slot++) {
                if (frozen.getAndSet(slot, 0) == 1) {
                    frozenSlots--;
                }
            }
            changed.notifyAll();
        }
    }

    public boolean isFrozen(int slot) {
        return frozen.get(slot) == 1;
    }

    public int inFlight(int slot) {
        return inFlight.get(slot);
    }

    private void leave(int[] slots) {
        for (int slot : slots) {
            inFlight.decrementAndGet(slot);
        }
        if (frozenSlots > 0) {
            // A freeze may be waiting for exactly these writers to leave.
            synchronized (changed) {
                changed.notifyAll();
            }
        }
    }

    private int firstFrozen(int[] slots) {
        for (int slot : slots) {
            if (frozen.get(slot) == 1) {
                return slot;
            }
        }
        return -1;
    }

    private boolean drained(int first, int last) {
        for (int slot = first; slot <= last; slot++) {
            if (inFlight.get(slot) > 0) {
                return false;
            }
        }
        return true;
    }

    private boolean awaitThawed(int slot, long deadline) {
        synchronized (changed) {
            while (frozen.get(slot) == 1) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                waitOn(left);
            }
        }
        return true;
    }

    private void waitOn(long nanos) {
        try {
            changed.wait(Math.max(1, nanos / 1_000_000), 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a shard move", e);
        }
    }
}
