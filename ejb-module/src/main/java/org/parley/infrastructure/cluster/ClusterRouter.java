package org.parley.infrastructure.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.parley.protocol.TimStruct;

/**
 * Delivers frames to every device of a user, wherever in the cluster it is connected: directly for sockets on this
 * node, through the {@link ClusterBus} (one envelope per member) for the others. A push counts as delivered when
 * any device acknowledged it, as in tim.
 */
@ApplicationScoped
public class ClusterRouter {

    @Inject
    SessionDirectory directory;

    @Inject
    LocalDevices local;

    @Inject
    ClusterBus bus;

    @Inject
    ClusterMembers members;

    /** Sends a plain frame to every device of the user. */
    public void send(String userNode, int frameType, TimStruct<?> struct) {
        String self = members.localMember();
        for (String member : membersHolding(userNode)) {
            if (member.equals(self)) {
                local.send(userNode, frameType, struct);
            } else {
                bus.send(member, List.of(userNode), frameType, struct);
            }
        }
    }

    /**
     * Pushes an ack-required frame to every device of the user.
     *
     * @return true once any device acknowledged; false if none is connected or none acknowledged
     */
    public CompletionStage<Boolean> push(String userNode, int frameType, TimStruct<?> struct) {
        Set<String> holders = membersHolding(userNode);
        String self = members.localMember();
        return Acknowledgements.any(holders.stream()
                .map(member -> member.equals(self)
                        ? local.push(userNode, frameType, struct)
                        : bus.push(member, List.of(userNode), frameType, struct))
                .toList());
    }

    private Set<String> membersHolding(String userNode) {
        return directory.devicesOf(userNode).stream().map(DeviceRecord::member).collect(Collectors.toSet());
    }
}
