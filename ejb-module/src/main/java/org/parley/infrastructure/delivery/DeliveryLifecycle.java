package org.parley.infrastructure.delivery;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.util.UUID;
import org.parley.infrastructure.cluster.ClusterMembers;

/**
 * Connects this node to the cluster's delivery hop when the application starts, and fails the pushes that waited
 * on a node that left.
 */
@Singleton
@Startup
public class DeliveryLifecycle {

    @Inject
    ClusterMembers members;

    @Inject
    ClusterDelivery delivery;

    @Inject
    ClusterBus bus;

    private UUID membershipListener;

    @PostConstruct
    void start() {
        delivery.start();
        membershipListener = members.hazelcast().getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                // nothing to do: a new node listens on its own topic
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                bus.memberLeft(event.getMember().getUuid().toString());
            }
        });
    }

    @PreDestroy
    void stop() {
        members.hazelcast().getCluster().removeMembershipListener(membershipListener);
        delivery.stop();
    }
}
