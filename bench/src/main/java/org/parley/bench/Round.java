package org.parley.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One fan-out message: when it was written to the sender's socket and when each of the N members got it, all in
 * the selector thread's {@link System#nanoTime()}. Written only on the selector thread; {@link #done} hands it to
 * the benchmark thread once every member has it.
 */
final class Round {

    final String text;
    private final long[] arrivals;
    private final boolean[] arrived;
    private int missing;
    private int lost;
    private long sentAt;
    final CompletableFuture<Round> done = new CompletableFuture<>();

    Round(String text, int members) {
        this.text = text;
        this.arrivals = new long[members];
        this.arrived = new boolean[members];
        this.missing = members;
    }

    /** Call right before the sender's write. */
    void sent(long nanos) {
        sentAt = nanos;
    }

    /** The first copy at member {@code index} counts; duplicates (resends) do not. */
    void arrive(int index, long nanos) {
        if (index < 0 || index >= arrived.length || arrived[index]) {
            return;
        }
        arrived[index] = true;
        arrivals[index] = nanos;
        if (--missing == 0) {
            done.complete(this);
        }
    }

    /** Member {@code index} can no longer get it (its socket is gone): the round stops waiting for it. */
    void lose(int index) {
        if (index < 0 || index >= arrived.length || arrived[index]) {
            return;
        }
        arrived[index] = true; // settled, without an arrival time
        arrivals[index] = Long.MIN_VALUE;
        lost++;
        if (--missing == 0) {
            done.complete(this);
        }
    }

    /** Members given up on by {@link #lose}. */
    int lost() {
        return lost;
    }

    /** Members still waiting (read on the selector thread, or after {@link #done}). */
    int missing() {
        return missing;
    }

    /** Milliseconds from the send to each member's arrival, for the members it reached. */
    List<Double> latenciesMs() {
        List<Double> ms = new ArrayList<>(arrivals.length);
        for (int i = 0; i < arrivals.length; i++) {
            if (arrived[i] && arrivals[i] != Long.MIN_VALUE) {
                ms.add((arrivals[i] - sentAt) / 1e6);
            }
        }
        return ms;
    }
}
