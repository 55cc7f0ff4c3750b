package org.parley.infrastructure.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Keeps the session directory, the vroom subscriptions and the maintenance slot free of members that are gone: on
 * every membership change, and every 30 s in case an event was missed (for example entries left by a member that
 * died while this one was starting). Every member does this; it is idempotent.
 */
@Singleton
@Startup
public class ClusterLifecycle {

    private static final Logger LOG = Logger.getLogger(ClusterLifecycle.class.getName());

    @Inject
    ClusterMembers members;

    @Inject
    HazelcastSessionDirectory directory;

    @Inject
    HazelcastVroomDirectory vrooms;

    @Inject
    HazelcastMaintenanceLock maintenance;

    private UUID membershipListener;

    @PostConstruct
    void start() {
        membershipListener = members.hazelcast().getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                LOG.info(() -> "member joined: " + event.getMember());
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                String gone = event.getMember().getUuid().toString();
                LOG.info(() -> "member left: " + event.getMember());
                directory.purgeMember(gone);
                vrooms.purgeMember(gone);
                maintenance.purgeMember(gone);
            }
        });
        purgeDepartedMembers();
        if (members.listensOnEveryInterface()) {
            LOG.warning("the cluster member listens on every interface: whoever reaches its port with the cluster"
                    + " name can read and change this cluster's state (Hazelcast's open-source member has no"
                    + " authentication). Start the JVM with -Dhazelcast.socket.bind.any=false and the cluster's"
                    + " interface (docs/clustering.md)");
        }
    }

    @Schedule(second = "*/30", minute = "*", hour = "*", persistent = false)
    void purgeDepartedMembers() {
        Set<String> alive = members.members();
        directory.deviceCountByMember().keySet().stream()
                .filter(member -> !alive.contains(member))
                .forEach(directory::purgeMember);
    }

    @PreDestroy
    void stop() {
        members.hazelcast().getCluster().removeMembershipListener(membershipListener);
        // This node's sockets are closing with it; don't leave them in the directory for others to route to.
        directory.purgeMember(members.localMember());
        vrooms.purgeMember(members.localMember());
    }
}
