package org.parley.infrastructure.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.parley.application.DeviceConnection;
import org.parley.protocol.FrameType;
import org.parley.protocol.TimStream;
import org.parley.protocol.TimStruct;

/**
 * The logged-in devices connected to this node, by user node: the ones this node can write to. The cluster-wide
 * view of who is connected where is the {@link SessionDirectory}.
 */
@ApplicationScoped
public class LocalDevices {

    @Inject
    DeliveryWatermarks watermarks;

    private final Map<String, List<DeviceConnection>> byUser = new ConcurrentHashMap<>();
    private final Map<Long, DeviceConnection> byId = new ConcurrentHashMap<>();
    private final AtomicLong streamDrops = new AtomicLong();

    public void register(DeviceConnection device) {
        byId.put(device.id(), device);
        byUser.computeIfAbsent(device.tid().getNode(), n -> new CopyOnWriteArrayList<>()).add(device);
    }

    /** @return true if this was the user's last device here */
    public boolean unregister(DeviceConnection device) {
        byId.remove(device.id());
        boolean[] last = {false};
        byUser.computeIfPresent(device.tid().getNode(), (node, list) -> {
            list.remove(device);
            last[0] = list.isEmpty();
            return list.isEmpty() ? null : list;
        });
        return last[0];
    }

    public List<DeviceConnection> devicesOf(String userNode) {
        List<DeviceConnection> list = byUser.get(userNode);
        return list == null ? List.of() : List.copyOf(list);
    }

    /** The logged-in socket with this id on this node, if it is still here. */
    public Optional<DeviceConnection> find(long connection) {
        return Optional.ofNullable(byId.get(connection));
    }

    /** Sends a raw (big-data) frame to each of the user's devices on this node. */
    public void sendRaw(String userNode, byte[] frame) {
        for (DeviceConnection d : devicesOf(userNode)) {
            d.sendRaw(frame);
        }
    }

    /** Sends a plain frame to each of the user's devices on this node. */
    public void send(String userNode, int frameType, TimStruct<?> struct) {
        for (DeviceConnection d : devicesOf(userNode)) {
            d.send(frameType, struct);
        }
    }

    /**
     * Pushes an ack-required frame to each of the user's devices on this node, in parallel (one slow device does
     * not delay the others).
     *
     * @return true once any device acknowledged; false if none is here or none acknowledged
     */
    public CompletionStage<Boolean> push(String userNode, int frameType, TimStruct<?> struct) {
        return Acknowledgements.any(devicesOf(userNode).stream().map(d -> d.push(frameType, struct)).toList());
    }

    /** A room message to the user's devices here; the outcome moves the user's delivery watermark for the room. */
    public void pushRoom(String userNode, String room, long mid, TimStruct<?> struct) {
        push(userNode, FrameType.MESSAGE, struct)
                .whenComplete((acked, error) -> watermarks.record(userNode, room, mid, Boolean.TRUE.equals(acked)));
    }

    /**
     * A vroom's stream push to subscribed sockets on this node, each in its own mode. A socket whose send queue is
     * already long misses the frame (counted in {@link #streamFramesDropped()}); the others are not held up by it.
     */
    public void stream(Collection<StreamTarget> targets, TimStream stream) {
        for (StreamTarget target : targets) {
            DeviceConnection d = byId.get(target.connection());
            if (d != null && !d.sendStream(stream, target.raw())) {
                streamDrops.incrementAndGet();
            }
        }
    }

    /** Stream frames this node dropped for slow subscribers since it started. */
    public long streamFramesDropped() {
        return streamDrops.get();
    }

    public int deviceCount() {
        return byUser.values().stream().mapToInt(List::size).sum();
    }

    public List<DeviceConnection> all() {
        return byUser.values().stream().flatMap(List::stream).toList();
    }
}
