package org.parley.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One future per client socket of a peer, completed when that socket is gone, so that a disconnect can wait until
 * every socket it closed is closed. Sockets register from the connecting thread; they complete on the selector.
 */
final class Closings {

    private final List<CompletableFuture<Void>> gone = new ArrayList<>();

    /** A future for one more socket; complete it when the socket is closed. */
    synchronized CompletableFuture<Void> track() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        gone.add(f);
        return f;
    }

    /** Forgets every socket (before a fresh set connects). */
    synchronized void clear() {
        gone.clear();
    }

    /** Waits until every tracked socket is closed. */
    void awaitAll(Duration limit) throws Exception {
        List<CompletableFuture<Void>> all;
        synchronized (this) {
            all = List.copyOf(gone);
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(limit.toMillis(), TimeUnit.MILLISECONDS);
    }
}
