package org.parley.infrastructure.cluster;

import com.hazelcast.map.IMap;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.parley.application.InvisibleUsers;

/**
 * The users who said they are invisible, for the whole cluster (a Hazelcast map keyed by user node), so that the
 * user's presence looks offline whichever node a device of theirs sends it from. Forgotten when the user's last
 * device goes.
 */
@ApplicationScoped
public class HazelcastInvisibleUsers implements InvisibleUsers {

    @Inject
    ClusterMembers members;

    private IMap<String, Boolean> invisible;

    @PostConstruct
    void init() {
        invisible = members.plainMap("parley-invisible");
    }

    @Override
    public boolean isInvisible(String user) {
        return invisible.containsKey(user);
    }

    @Override
    public void setInvisible(String user, boolean value) {
        if (value) {
            invisible.set(user, Boolean.TRUE);
        } else {
            invisible.delete(user);
        }
    }
}
