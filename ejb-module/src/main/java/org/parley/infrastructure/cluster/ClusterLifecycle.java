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
 * Joins this node to the cluster's delivery bus when the application starts, and keeps the session directory free
 * of members that are gone: on every membership change, and every 30 s in case an event was missed (for example
 * entries left by a member that died while this one was starting). Every member does this; it is idempotent.
 */
@Singleton
@Startup
public class ClusterLifecycle {

    private static final Logger LOG = Logger.getLogger(ClusterLifecycle.class.getName());

    @Inject
    ClusterMembers members;

    @Inject
    ClusterBus bus;

    @Inject
    SessionDirectory directory;

    @Inject
    VroomDirectory vrooms;

    @Inject
    MaintenanceLock maintenance;

    private UUID membershipListener;

    @PostConstruct
    void start() {
        bus.start();
        membershipListener = members.hazelcast().getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                LOG.info(() -> "member joined: " + event.getMember());
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                String gone = event.getMember().getUuid().toString();
                LOG.info(() -> "member left: " + event.getMember());
                bus.memberLeft(gone);
                directory.purgeMember(gone);
                vrooms.purgeMember(gone);
                maintenance.purgeMember(gone);
            }
        });
        purgeDepartedMembers();
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
        bus.stop();
        // This node's sockets are closing with it; don't leave them in the directory for others to route to.
        directory.purgeMember(members.localMember());
        vrooms.purgeMember(members.localMember());
    }
}
