package org.parley.infrastructure.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    /**
     * Pushes a room message to many users: one envelope per member holding any of them, not one per user. Each
     * device's node records the acknowledgements in its {@link DeliveryWatermarks}.
     */
    public void pushToRoom(String room, long mid, Collection<String> users, TimStruct<?> struct) {
        String self = members.localMember();
        usersByMember(users).forEach((member, targets) -> {
            if (member.equals(self)) {
                targets.forEach(user -> local.pushRoom(user, room, mid, struct));
            } else {
                bus.pushRoom(member, room, mid, targets, struct);
            }
        });
    }

    /** Sends a plain frame to many users' devices (one envelope per member), e.g. a room's stream kind. */
    public void sendToMany(Collection<String> users, int frameType, TimStruct<?> struct) {
        String self = members.localMember();
        usersByMember(users).forEach((member, targets) -> {
            if (member.equals(self)) {
                targets.forEach(user -> local.send(user, frameType, struct));
            } else {
                bus.send(member, targets, frameType, struct);
            }
        });
    }

    private Map<String, List<String>> usersByMember(Collection<String> users) {
        Map<String, List<String>> byMember = new HashMap<>();
        directory.membersHolding(users).forEach((user, holders) ->
                holders.forEach(member -> byMember.computeIfAbsent(member, m -> new ArrayList<>()).add(user)));
        return byMember;
    }

    private Set<String> membersHolding(String userNode) {
        return directory.devicesOf(userNode).stream().map(DeviceRecord::member).collect(Collectors.toSet());
    }
}
