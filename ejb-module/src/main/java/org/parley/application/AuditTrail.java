package org.parley.application;

import java.time.Instant;
import java.util.List;

/**
 * Where operators' changes are written down: who did what to which account, room or setting, and when; and where
 * an operator reads the latest of them back.
 */
public interface AuditTrail {

    /**
     * @param operator who did it (an operator's name from the realm, or a named API token)
     * @param action   what was done, e.g. {@code account.ban}
     * @param target   what it was done to (a node), or null
     * @param detail   the operation's own arguments worth keeping (never a password), or null
     */
    void record(String operator, String action, String target, String detail);

    /**
     * The latest changes kept, newest first: at most {@code limit}, with sequence numbers below {@code before}
     * (0: from the newest).
     */
    List<Entry> latest(long before, int limit);

    /** One recorded change; {@code sequence} grows with every change, cluster-wide. */
    record Entry(long sequence, Instant at, String operator, String action, String target, String detail) {
    }
}
