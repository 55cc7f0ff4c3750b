package org.parley.application;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.parley.infrastructure.config.ParleyConfig;

/**
 * TEMPORARY, until rosters (RosterService) are merged: nobody has friends yet. So messages and big data follow
 * {@code parley.message.require-friendship} alone (true refuses every one, as MessagingService does today), and
 * presence reaches nobody. Replace with an implementation that delegates to the roster.
 */
@ApplicationScoped
public class RosterlessPeerRelations implements PeerRelations {

    @Inject
    ParleyConfig config;

    @Override
    public boolean mayMessage(String sender, String recipient) {
        return !config.requireFriendship();
    }

    @Override
    public boolean canSeePresence(String viewer, String subject) {
        return false;
    }

    @Override
    public List<String> friends(String user) {
        return List.of();
    }
}
