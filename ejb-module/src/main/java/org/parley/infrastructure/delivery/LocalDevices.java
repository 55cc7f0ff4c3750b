package org.parley.infrastructure.delivery;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.parley.application.DeviceConnection;
import org.parley.infrastructure.cluster.StreamTarget;
import org.parley.infrastructure.config.ParleyConfig;
import org.parley.protocol.BigData;
import org.parley.protocol.FrameType;
import org.parley.protocol.TimStream;

/**
 * The logged-in devices connected to this node, by user node and by socket id: the ones this node writes to, with
 * their unacknowledged pushes. One deadline queue serves the acks of all of them, swept a few times per ack timeout.
 * The cluster-wide view of who is connected where is the session directory.
 */
@ApplicationScoped
public class LocalDevices {

    @Inject
    ParleyConfig config;

    @Inject
    DeliveryExecutors executors;

    @Inject
    DeliveryWatermarks watermarks;

    private final Map<String, List<LocalDevice>> byUser = new ConcurrentHashMap<>();
    private final Map<Long, LocalDevice> byId = new ConcurrentHashMap<>();
    private final AtomicLong streamDrops = new AtomicLong();
    private Deadlines acks;
    private int attempts;

    @PostConstruct
    void start() {
        start(config.ackTimeout().toNanos(), config.ackAttempts());
        long sweepMillis = Math.max(10, Math.min(100, config.ackTimeout().toMillis() / 10));
        executors.timer().scheduleWithFixedDelay(this::sweep, sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
    }

    /** Sets the ack policy (tests call this instead of the container). */
    void start(long ackTimeoutNanos, int ackAttempts) {
        acks = new Deadlines(ackTimeoutNanos);
        attempts = ackAttempts;
    }

    /** Resends or gives up every push whose ack deadline passed. */
    void sweep() {
        for (Deadlines.Entry due : acks.due(System.nanoTime())) {
            due.expired();
        }
    }

    void register(DeviceConnection connection) {
        LocalDevice device = new LocalDevice(connection, acks, attempts);
        byId.put(connection.id(), device);
        byUser.computeIfAbsent(device.user(), n -> new CopyOnWriteArrayList<>()).add(device);
    }

    /** @return true if this was the user's last device here */
    boolean unregister(DeviceConnection connection) {
        LocalDevice device = byId.remove(connection.id());
        if (device == null) {
            return false;
        }
        device.closed();
        boolean[] last = {false};
        byUser.computeIfPresent(device.user(), (node, list) -> {
            list.remove(device);
            last[0] = list.isEmpty();
            return list.isEmpty() ? null : list;
        });
        return last[0];
    }

    List<LocalDevice> devicesOf(String user) {
        List<LocalDevice> list = byUser.get(user);
        return list == null ? List.of() : list;
    }

    boolean hasDevices(String user) {
        return byUser.containsKey(user);
    }

    /** Users with a device here. */
    Collection<String> users() {
        return byUser.keySet();
    }

    Optional<LocalDevice> find(long connection) {
        return Optional.ofNullable(byId.get(connection));
    }

    void send(String user, EncodedFrame frame) {
        for (LocalDevice d : devicesOf(user)) {
            d.send(frame);
        }
    }

    void sendRaw(String user, byte[] frame) {
        for (LocalDevice d : devicesOf(user)) {
            d.connection().write(frame);
        }
    }

    /** @return true once any of the user's devices here acknowledged; false if none is here or none did */
    CompletionStage<Boolean> push(String user, EncodedFrame frame) {
        List<LocalDevice> devices = devicesOf(user);
        if (devices.size() == 1) {
            return devices.get(0).push(frame);
        }
        return Acknowledgements.any(devices.stream().map(d -> d.push(frame)).toList());
    }

    /** A room message to the user's devices here; the outcome moves the user's delivery watermark for the room. */
    void pushRoom(String user, String room, long mid, EncodedFrame frame) {
        push(user, frame).whenComplete((acked, error) -> watermarks.record(user, room, mid, Boolean.TRUE.equals(acked)));
    }

    void acknowledged(long connection, int syncId) {
        LocalDevice device = byId.get(connection);
        if (device != null) {
            device.acknowledged(syncId);
        }
    }

    /**
     * A vroom's stream push to subscribed sockets here, each in its own mode, each form encoded once. A socket whose
     * send queue is already long misses the frame (counted); the others are not held up by it.
     */
    void stream(Collection<StreamTarget> targets, TimStream stream) {
        EncodedFrame struct = EncodedFrame.of(FrameType.STREAM, stream);
        byte[] raw = null;
        for (StreamTarget target : targets) {
            LocalDevice d = byId.get(target.connection());
            if (d == null) {
                continue;
            }
            byte[] frame;
            if (target.raw()) {
                if (raw == null) {
                    raw = new BigData(FrameType.BIGBINARYSTREAM, stream.getVNode(),
                            stream.getBody() == null ? new byte[0] : stream.getBody()).toFrame();
                }
                frame = raw;
            } else {
                frame = struct.plain(d.connection().json());
            }
            if (!d.connection().writeDroppable(frame)) {
                streamDrops.incrementAndGet();
            }
        }
    }

    /** Stream frames this node dropped for slow subscribers since it started. */
    public long streamFramesDropped() {
        return streamDrops.get();
    }

    public int deviceCount() {
        return byId.size();
    }

    /** Pushes sent to devices here and not yet acknowledged, nor given up. */
    public int pendingPushes() {
        return byId.values().stream().mapToInt(LocalDevice::pendingCount).sum();
    }
}
