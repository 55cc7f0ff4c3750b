package org.parley.domain;

import java.time.Instant;

/** tim's time unit: nanoseconds since the Unix epoch. */
public final class EpochNanos {

    private EpochNanos() {
    }

    public static long now() {
        Instant t = Instant.now();
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
