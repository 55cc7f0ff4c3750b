package org.parley.bench;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.parley.client.Inbound;
import org.parley.client.TimListener;

/** Records when each message (by text) reached a client, on the client's receive thread. */
final class Arrivals implements TimListener {

    private final Map<String, CompletableFuture<Long>> byText = new ConcurrentHashMap<>();

    @Override
    public void onFrame(Inbound frame) {
        if (frame.message() != null && frame.message().getDataString() != null) {
            long now = System.nanoTime();
            of(frame.message().getDataString()).complete(now);
        }
    }

    /** Completes with the arrival time ({@link System#nanoTime()}) of the first copy of {@code text}. */
    CompletableFuture<Long> of(String text) {
        return byText.computeIfAbsent(text, t -> new CompletableFuture<>());
    }
}
