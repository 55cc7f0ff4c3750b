package org.parley.infrastructure.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The deadlines of one kind (device acks, answers from other nodes) for the whole node, in one queue instead of a
 * timer per push. Every entry waits the same time, so the queue is in deadline order and a sweep only looks at its
 * head. Settled entries stay until their deadline passes and are then skipped; nothing is ever cancelled.
 */
final class Deadlines {

    /** Something waiting for an answer until its deadline. */
    abstract static class Entry {
        long dueNanos;

        /**
         * The deadline passed. Called once, from the sweep, for every entry, settled or not: the entry itself
         * knows whether an answer came.
         */
        abstract void expired();
    }

    private final long timeoutNanos;
    private final ConcurrentLinkedQueue<Entry> queue = new ConcurrentLinkedQueue<>();

    Deadlines(long timeoutNanos) {
        this.timeoutNanos = timeoutNanos;
    }

    long timeoutNanos() {
        return timeoutNanos;
    }

    void add(Entry entry, long nowNanos) {
        entry.dueNanos = nowNanos + timeoutNanos;
        queue.add(entry);
    }

    /** Takes out every entry whose deadline is at or before {@code nowNanos}, in deadline order. */
    List<Entry> due(long nowNanos) {
        List<Entry> due = new ArrayList<>();
        Entry head;
        while ((head = queue.peek()) != null && head.dueNanos - nowNanos <= 0) {
            queue.poll(); // the head just seen: the sweep is the only taker
            due.add(head);
        }
        return due;
    }

    int size() {
        return queue.size();
    }
}
