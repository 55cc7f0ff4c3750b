package org.parley.application;

import java.util.List;

/**
 * What two users are to each other, as far as live delivery cares (big data, presence). The roster decides; this
 * seam lets realtime delivery ask without knowing how rosters are stored.
 */
public interface PeerRelations {

    /** Whether {@code sender} may send 1:1 messages (and big data) to {@code recipient}. */
    boolean mayMessage(String sender, String recipient);

    /** Whether {@code viewer} may see {@code subject}'s presence: friends that neither side blocked. */
    boolean canSeePresence(String viewer, String subject);

    /** The user's friends. */
    List<String> friends(String user);
}
