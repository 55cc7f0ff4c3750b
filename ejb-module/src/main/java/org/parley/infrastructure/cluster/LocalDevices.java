package org.parley.infrastructure.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.parley.application.DeviceConnection;
import org.parley.protocol.FrameType;
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

    public void register(DeviceConnection device) {
        byUser.computeIfAbsent(device.tid().getNode(), n -> new CopyOnWriteArrayList<>()).add(device);
    }

    /** @return true if this was the user's last device here */
    public boolean unregister(DeviceConnection device) {
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

    public int deviceCount() {
        return byUser.values().stream().mapToInt(List::size).sum();
    }

    public List<DeviceConnection> all() {
        return byUser.values().stream().flatMap(List::stream).toList();
    }
}
