package org.parley.infrastructure.delivery;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How far room messages have reached the users connected to this node, kept in memory so that a room message
 * costs no database write per member. For each (user, room): the highest acknowledged mid, held back below the
 * first mid that was pushed and never acknowledged. The application writes these watermarks into the members'
 * delivery cursors when a user goes away or asks for offline messages; if the node dies first, the cursors are
 * simply older and the messages come again (duplicates with the same mid, never losses).
 */
@ApplicationScoped
public class DeliveryWatermarks {

    private final Map<String, Map<String, Watermark>> byUser = new ConcurrentHashMap<>();

    public void record(String user, String room, long mid, boolean acknowledged) {
        Watermark w = byUser.computeIfAbsent(user, u -> new ConcurrentHashMap<>()).computeIfAbsent(room, r -> new Watermark());
        synchronized (w) {
            if (acknowledged) {
                w.highestAcked = Math.max(w.highestAcked, mid);
            } else {
                w.lowestMissed = Math.min(w.lowestMissed, mid);
            }
        }
    }

    /** The safe cursor position per room for the user, forgetting them: everything up to it was delivered. */
    public Map<String, Long> drain(String user) {
        Map<String, Watermark> rooms = byUser.remove(user);
        Map<String, Long> safe = new HashMap<>();
        if (rooms != null) {
            rooms.forEach((room, w) -> {
                synchronized (w) {
                    long mid = Math.min(w.highestAcked, w.lowestMissed - 1);
                    if (mid > 0) {
                        safe.put(room, mid);
                    }
                }
            });
        }
        return safe;
    }

    private static final class Watermark {
        long highestAcked;
        long lowestMissed = Long.MAX_VALUE;
    }
}
