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
import org.parley.protocol.FrameType;
import org.parley.protocol.Tid;
import org.parley.protocol.TimPresence;
import org.parley.protocol.TimStream;
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

    /** Sends a raw (big-data) frame to every device of the user, wherever they are. */
    public void sendRaw(String userNode, byte[] frame) {
        String self = members.localMember();
        for (String member : membersHolding(userNode)) {
            if (member.equals(self)) {
                local.sendRaw(userNode, frame);
            } else {
                bus.sendRaw(member, List.of(userNode), frame);
            }
        }
    }

    /** Sends a raw (big-data) frame to many users' devices, one envelope per member. */
    public void sendRawToMany(Collection<String> users, byte[] frame) {
        String self = members.localMember();
        usersByMember(users).forEach((member, targets) -> {
            if (member.equals(self)) {
                targets.forEach(user -> local.sendRaw(user, frame));
            } else {
                bus.sendRaw(member, targets, frame);
            }
        });
    }

    /**
     * Sends a presence to every device of each user (one envelope per member), each copy addressed to its
     * recipient ({@code toTid}) as tim does.
     */
    public void sendPresence(Collection<String> users, TimPresence presence) {
        String self = members.localMember();
        usersByMember(users).forEach((member, targets) -> {
            if (member.equals(self)) {
                targets.forEach(user -> local.send(user, FrameType.PRESENCE, presence.copy().setToTid(new Tid(user))));
            } else {
                bus.sendAddressed(member, targets, FrameType.PRESENCE, presence);
            }
        });
    }

    /** A vroom's stream push to its subscribed sockets: directly here, one envelope per other member. */
    public void stream(TimStream stream, Map<String, List<StreamTarget>> targetsByMember) {
        String self = members.localMember();
        targetsByMember.forEach((member, targets) -> {
            if (member.equals(self)) {
                local.stream(targets, stream);
            } else {
                bus.stream(member, stream, targets);
            }
        });
    }

    /** Tells one device it is logged out and closes it, wherever it is connected. */
    public void kick(String userNode, DeviceRecord device) {
        if (device.member().equals(members.localMember())) {
            local.find(device.connection()).ifPresent(d -> d.logout("device limit"));
        } else {
            bus.kick(device.member(), userNode, device.connection());
        }
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
