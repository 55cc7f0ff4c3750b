package org.parley.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * Unbounded queue of inbound frames that waiters can search: {@link #take} removes the first frame
 * matching a predicate, waiting for it if need be. Waiting blocks on a condition that every
 * {@link #add} signals; nothing polls.
 */
final class Inbox {

    private static final int SUMMARY_LIMIT = 10;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final LinkedList<Inbound> frames = new LinkedList<>();
    /** The connection's state, for timeout messages: "nothing arrived" reads differently on a closed socket. */
    private final java.util.function.Supplier<String> connectionState;

    Inbox() {
        this(() -> "");
    }

    Inbox(java.util.function.Supplier<String> connectionState) {
        this.connectionState = connectionState;
    }

    void add(Inbound frame) {
        lock.lock();
        try {
            frames.add(frame);
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Removes and returns the oldest frame matching {@code filter}, waiting up to {@code timeout}
     * for one to arrive.
     *
     * @throws TimeoutException if none matched in time
     */
    Inbound take(Predicate<? super Inbound> filter, Duration timeout) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lockInterruptibly();
        try {
            while (true) {
                for (Iterator<Inbound> it = frames.iterator(); it.hasNext(); ) {
                    Inbound frame = it.next();
                    if (filter.test(frame)) {
                        it.remove();
                        return frame;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException("no matching frame within " + timeout + "; inbox holds " + summary() + connectionState.get());
                }
                arrived.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether no frame matching {@code filter} is in the inbox, or arrives, during {@code window}.
     * Returns {@code false} as soon as one is there; matching frames are left in place.
     */
    boolean none(Predicate<? super Inbound> filter, Duration window) throws InterruptedException {
        long deadline = System.nanoTime() + window.toNanos();
        lock.lockInterruptibly();
        try {
            while (true) {
                for (Inbound frame : frames) {
                    if (filter.test(frame)) {
                        return false;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                arrived.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Removes and returns everything, oldest first. */
    List<Inbound> drain() {
        lock.lock();
        try {
            List<Inbound> all = new ArrayList<>(frames);
            frames.clear();
            return all;
        } finally {
            lock.unlock();
        }
    }

    /** A copy of the contents, oldest first. */
    List<Inbound> snapshot() {
        lock.lock();
        try {
            return new ArrayList<>(frames);
        } finally {
            lock.unlock();
        }
    }

    void clear() {
        lock.lock();
        try {
            frames.clear();
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return frames.size();
        } finally {
            lock.unlock();
        }
    }

    /** Caller holds the lock. */
    private String summary() {
        StringBuilder s = new StringBuilder().append(frames.size()).append(" frame(s)");
        int shown = 0;
        for (Inbound frame : frames) {
            if (shown++ == SUMMARY_LIMIT) {
                s.append(", …");
                break;
            }
            s.append(shown == 1 ? ": " : ", ").append(frame);
        }
        return s.toString();
    }
}
