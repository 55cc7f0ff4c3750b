package org.parley.infrastructure.delivery;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.parley.application.Delivery;
import org.parley.application.DeviceConnection;
import org.parley.application.RoomDirectory;
import org.parley.domain.DeviceRecord;
import org.parley.domain.OfflineRef;
import org.parley.infrastructure.cluster.ClusterMembers;
import org.parley.infrastructure.cluster.HazelcastSessionDirectory;
import org.parley.infrastructure.cluster.HazelcastVroomDirectory;
import org.parley.infrastructure.cluster.StreamTarget;
import org.parley.infrastructure.config.ParleyConfig;
import org.parley.protocol.FrameType;
import org.parley.protocol.Tid;
import org.parley.protocol.TimMessage;
import org.parley.protocol.TimPresence;
import org.parley.protocol.TimStream;
import org.parley.protocol.TimStruct;

/**
 * {@link Delivery} for a cluster of equal nodes: devices on this node are written to directly, the others through
 * one {@link ClusterBus} envelope per node that holds any of them. A room message goes to every other node once,
 * and each node fans it out to the room's members it holds, from its own copy of the room
 * ({@link RoomDirectory}); fan-out runs on delivery's own threads, in chunks, never on the sender's socket thread.
 */
@ApplicationScoped
public class ClusterDelivery implements Delivery {

    private static final Logger LOG = Logger.getLogger(ClusterDelivery.class.getName());

    @Inject
    ClusterMembers members;

    @Inject
    HazelcastSessionDirectory directory;

    @Inject
    HazelcastVroomDirectory vrooms;

    @Inject
    RoomDirectory rooms;

    @Inject
    LocalDevices local;

    @Inject
    ClusterBus bus;

    @Inject
    DeliveryWatermarks watermarks;

    @Inject
    OfflineRemovals removals;

    @Inject
    DeliveryExecutors executors;

    @Inject
    ParleyConfig config;

    /** Starts taking envelopes from other nodes. */
    void start() {
        bus.start(this::received);
    }

    void stop() {
        bus.stop();
    }

    @Override
    public void attach(DeviceConnection device) {
        local.register(device);
    }

    @Override
    public boolean detach(DeviceConnection device) {
        return local.unregister(device);
    }

    @Override
    public void send(String user, int frameType, TimStruct<?> struct) {
        EncodedFrame frame = EncodedFrame.of(frameType, struct);
        String self = bus.self();
        for (String member : directory.membersHolding(user)) {
            if (member.equals(self)) {
                local.send(user, frame);
            } else {
                bus.send(member, Envelope.deliver(0, self, false, List.of(user), frame));
            }
        }
    }

    @Override
    public void sendToUsers(Collection<String> users, int frameType, TimStruct<?> struct) {
        EncodedFrame frame = EncodedFrame.of(frameType, struct);
        String self = bus.self();
        usersByMember(users).forEach((member, targets) -> {
            if (member.equals(self)) {
                targets.forEach(user -> local.send(user, frame));
            } else {
                bus.send(member, Envelope.deliver(0, self, false, targets, frame));
            }
        });
    }

    @Override
    public CompletionStage<Boolean> push(String user, int frameType, TimStruct<?> struct) {
        EncodedFrame frame = EncodedFrame.of(frameType, struct);
        String self = bus.self();
        Set<String> holders = directory.membersHolding(user);
        if (holders.size() == 1 && holders.contains(self)) {
            return local.push(user, frame);
        }
        return Acknowledgements.any(holders.stream()
                .map(member -> member.equals(self) ? local.push(user, frame) : bus.push(member, List.of(user), frame))
                .toList());
    }

    @Override
    public void pushQueued(String user, TimMessage message, OfflineRef queued) {
        push(user, FrameType.MESSAGE, message).thenAccept(acked -> {
            if (acked) {
                removals.acknowledged(queued);
            }
        });
    }

    @Override
    public CompletionStage<Boolean> pushToDevice(DeviceConnection device, int frameType, TimStruct<?> struct) {
        return local.find(device.id())
                .map(d -> d.push(EncodedFrame.of(frameType, struct)))
                .orElseGet(() -> CompletableFuture.completedFuture(false));
    }

    @Override
    public void acknowledged(DeviceConnection device, int syncId) {
        local.acknowledged(device.id(), syncId);
    }

    @Override
    public void pushToRoom(String room, long mid, TimMessage message) {
        EncodedFrame frame = EncodedFrame.of(FrameType.MESSAGE, message);
        String self = bus.self();
        // Every other node once: each knows the room's members and which of them it holds.
        for (String member : members.members()) {
            if (!member.equals(self)) {
                bus.send(member, Envelope.room(self, room, mid, frame));
            }
        }
        fanOutRoom(room, mid, frame);
    }

    @Override
    public Map<String, Long> deliveredRoomMessages(String user) {
        return watermarks.drain(user);
    }

    @Override
    public void sendPresence(Collection<String> users, TimPresence presence) {
        String self = bus.self();
        usersByMember(users).forEach((member, targets) -> {
            if (member.equals(self)) {
                targets.forEach(user -> local.send(user, addressed(presence, user)));
            } else {
                bus.send(member, Envelope.addressed(self, targets, EncodedFrame.of(FrameType.PRESENCE, presence)));
            }
        });
    }

    @Override
    public void sendRaw(Collection<String> users, byte[] frame) {
        String self = bus.self();
        usersByMember(users).forEach((member, targets) -> {
            if (member.equals(self)) {
                targets.forEach(user -> local.sendRaw(user, frame));
            } else {
                bus.send(member, Envelope.raw(self, targets, frame));
            }
        });
    }

    @Override
    public void stream(String vnode, TimStream stream) {
        String self = bus.self();
        EncodedFrame frame = EncodedFrame.of(FrameType.STREAM, stream);
        vrooms.targetsByMember(vnode).forEach((member, targets) -> {
            if (member.equals(self)) {
                local.stream(targets, stream);
            } else {
                bus.send(member, Envelope.stream(self, frame, targets));
            }
        });
    }

    @Override
    public void kick(String user, DeviceRecord device) {
        if (device.member().equals(bus.self())) {
            local.find(device.connection()).ifPresent(d -> d.connection().logout("device limit"));
        } else {
            bus.send(device.member(), Envelope.kick(bus.self(), user, device.connection()));
        }
    }

    /** What another node asked this one to deliver. */
    void received(Envelope envelope) {
        switch (envelope.kind()) {
            case Envelope.DELIVER -> {
                if (!envelope.ackRequired()) {
                    envelope.users().forEach(u -> local.send(u, envelope.frame()));
                    return;
                }
                // One answer for the whole envelope: acknowledged if any device of any of its users acknowledged.
                Acknowledgements.any(envelope.users().stream().map(u -> local.push(u, envelope.frame())).toList())
                        .thenAccept(acked -> bus.reply(envelope.replyTo(), envelope.requestId(), acked));
            }
            // Off the cluster listener's thread: the room may have to be loaded first.
            case Envelope.ROOM -> executors.fanout().execute(
                    () -> fanOutRoom(envelope.room(), envelope.mid(), envelope.frame()));
            case Envelope.ADDRESSED -> {
                TimPresence presence = (TimPresence) envelope.frame().struct();
                envelope.users().forEach(u -> local.send(u, addressed(presence, u)));
            }
            case Envelope.RAW -> envelope.users().forEach(u -> local.sendRaw(u, envelope.raw()));
            case Envelope.STREAM -> local.stream(envelope.targets(), (TimStream) envelope.frame().struct());
            case Envelope.KICK -> {
                for (StreamTarget t : envelope.targets()) {
                    local.find(t.connection())
                            .filter(d -> d.user().equals(envelope.users().get(0)))
                            .ifPresent(d -> d.connection().logout("device limit"));
                }
            }
            default -> LOG.warning(() -> "unknown cluster envelope kind " + envelope.kind());
        }
    }

    /**
     * The room's members connected here get the message, in chunks on the fan-out threads: the sender's thread
     * (a socket, or the cluster listener) only picks the recipients.
     */
    private void fanOutRoom(String room, long mid, EncodedFrame frame) {
        List<String> recipients = localMembers(rooms.view(room).members());
        int chunk = config.fanoutChunk();
        for (int from = 0; from < recipients.size(); from += chunk) {
            List<String> part = recipients.subList(from, Math.min(recipients.size(), from + chunk));
            executors.fanout().execute(() -> {
                for (String user : part) {
                    try {
                        local.pushRoom(user, room, mid, frame);
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "room push to a device failed", e);
                    }
                }
            });
        }
    }

    /** The members with a device here, walking the smaller of the two sets. */
    private List<String> localMembers(Set<String> roomMembers) {
        List<String> here = new ArrayList<>();
        Collection<String> connected = local.users();
        if (roomMembers.size() <= connected.size()) {
            for (String member : roomMembers) {
                if (local.hasDevices(member)) {
                    here.add(member);
                }
            }
        } else {
            for (String user : connected) {
                if (roomMembers.contains(user)) {
                    here.add(user);
                }
            }
        }
        return here;
    }

    private Map<String, List<String>> usersByMember(Collection<String> users) {
        Map<String, List<String>> byMember = new HashMap<>();
        directory.membersHolding(users).forEach((user, holders) ->
                holders.forEach(member -> byMember.computeIfAbsent(member, m -> new ArrayList<>()).add(user)));
        return byMember;
    }

    private static EncodedFrame addressed(TimPresence presence, String user) {
        return EncodedFrame.of(FrameType.PRESENCE, presence.copy().setToTid(new Tid(user)));
    }
}
