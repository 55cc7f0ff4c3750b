package org.parley.infrastructure.cluster;

import com.hazelcast.topic.ITopic;
import com.hazelcast.topic.Message;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.parley.infrastructure.config.ParleyConfig;
import org.parley.protocol.Tid;
import org.parley.protocol.TimPresence;
import org.parley.protocol.TimStream;
import org.parley.protocol.TimStruct;

/**
 * Member-to-member delivery. Each member listens on its own Hazelcast topic; a member with frames for users
 * connected elsewhere sends one envelope per target member. Acknowledged pushes are answered on the sender's topic.
 * A push whose answer never comes (the target died, or the topic dropped it) counts as not delivered, which leaves
 * the message in the recipient's offline queue: delivery is at-least-once, never lost.
 */
@ApplicationScoped
public class ClusterBus {

    private static final Logger LOG = Logger.getLogger(ClusterBus.class.getName());
    private static final String TOPIC_PREFIX = "parley-member-";

    @Inject
    ClusterMembers members;

    @Inject
    LocalDevices local;

    @Inject
    ParleyConfig config;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private final AtomicLong requestIds = new AtomicLong();
    private final Map<Long, PendingPush> pending = new ConcurrentHashMap<>();
    private final Map<String, Traffic> traffic = new ConcurrentHashMap<>();
    private UUID listener;

    /** Starts listening on this member's topic. */
    public synchronized void start() {
        if (listener == null) {
            listener = topic(members.localMember()).addMessageListener(this::received);
        }
    }

    public synchronized void stop() {
        if (listener != null) {
            topic(members.localMember()).removeMessageListener(listener);
            listener = null;
        }
    }

    /** Plain frames to the users' devices on {@code member}. */
    public void send(String member, List<String> users, int frameType, TimStruct<?> struct) {
        publish(member, Envelope.deliver(0, members.localMember(), false, frameType, users, struct));
    }

    /**
     * Ack-required frames to the users' devices on {@code member}.
     *
     * @return true when a device there acknowledged; false if none did, or no answer came in time
     */
    public CompletionStage<Boolean> push(String member, List<String> users, int frameType, TimStruct<?> struct) {
        long id = requestIds.incrementAndGet();
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        // The remote node resends to its devices like a local one would; allow for that, then give up.
        long waitMillis = config.ackTimeout().toMillis() * config.ackAttempts() + 5_000;
        var timeout = scheduler.schedule(() -> {
            if (pending.remove(id) != null) {
                done.complete(false);
            }
        }, waitMillis, TimeUnit.MILLISECONDS);
        pending.put(id, new PendingPush(member, done, timeout));
        publish(member, Envelope.deliver(id, members.localMember(), true, frameType, users, struct));
        return done;
    }

    /** A room message to members on {@code member}; that node tracks their acknowledgements itself. */
    public void pushRoom(String member, String room, long mid, List<String> users, TimStruct<?> struct) {
        publish(member, Envelope.deliverRoom(members.localMember(), room, mid, users, struct));
    }

    /** A presence for the users' devices on {@code member}, each copy addressed to its recipient. */
    public void sendAddressed(String member, List<String> users, int frameType, TimPresence presence) {
        publish(member, Envelope.addressed(members.localMember(), frameType, users, presence));
    }

    /** A raw (big-data) frame to the users' devices on {@code member}. */
    public void sendRaw(String member, List<String> users, byte[] frame) {
        publish(member, Envelope.raw(members.localMember(), users, frame));
    }

    /** A stream push to subscribed sockets on {@code member}. */
    public void stream(String member, TimStream stream, List<StreamTarget> targets) {
        publish(member, Envelope.stream(members.localMember(), stream, targets));
    }

    /** Logs out and closes one socket on {@code member} (device limit). */
    public void kick(String member, String user, long connection) {
        publish(member, Envelope.kick(members.localMember(), user, connection));
    }

    /** A member left: nothing it was asked to deliver will be answered. */
    public void memberLeft(String member) {
        pending.entrySet().removeIf(e -> {
            if (e.getValue().member().equals(member)) {
                e.getValue().timeout().cancel(false);
                e.getValue().done().complete(false);
                return true;
            }
            return false;
        });
    }

    /** Envelopes sent to and received from each member since this node started. */
    public Map<String, Traffic> traffic() {
        return Map.copyOf(traffic);
    }

    private void publish(String member, Envelope envelope) {
        traffic.computeIfAbsent(member, m -> new Traffic()).sent.incrementAndGet();
        topic(member).publish(envelope.encode());
    }

    private void received(Message<byte[]> message) {
        Envelope envelope;
        try {
            envelope = Envelope.decode(message.getMessageObject());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "unreadable cluster envelope", e);
            return;
        }
        if (message.getPublishingMember() != null) {
            traffic.computeIfAbsent(message.getPublishingMember().getUuid().toString(), m -> new Traffic())
                    .received.incrementAndGet();
        }
        switch (envelope.kind()) {
            case Envelope.ADDRESSED -> {
                envelope.users().forEach(u -> local.send(u, envelope.frameType(),
                        ((TimPresence) envelope.struct()).copy().setToTid(new Tid(u))));
                return;
            }
            case Envelope.RAW -> {
                envelope.users().forEach(u -> local.sendRaw(u, envelope.raw()));
                return;
            }
            case Envelope.STREAM -> {
                local.stream(envelope.targets(), (TimStream) envelope.struct());
                return;
            }
            case Envelope.KICK -> {
                envelope.targets().forEach(t -> local.find(t.connection())
                        .filter(d -> d.tid().getNode().equals(envelope.users().get(0)))
                        .ifPresent(d -> d.logout("device limit")));
                return;
            }
            default -> {
                // DELIVER and REPLY below
            }
        }
        if (envelope.kind() == Envelope.REPLY) {
            PendingPush p = pending.remove(envelope.requestId());
            if (p != null) {
                p.timeout().cancel(false);
                p.done().complete(envelope.acked());
            }
            return;
        }
        if (!envelope.cursorRoom().isEmpty()) {
            for (String user : envelope.users()) {
                local.pushRoom(user, envelope.cursorRoom(), envelope.cursorMid(), envelope.struct());
            }
            return;
        }
        if (!envelope.ackRequired()) {
            envelope.users().forEach(u -> local.send(u, envelope.frameType(), envelope.struct()));
            return;
        }
        // One answer for the whole envelope: acknowledged if any device of any of its users acknowledged.
        Acknowledgements.any(envelope.users().stream()
                        .map(user -> local.push(user, envelope.frameType(), envelope.struct()))
                        .toList())
                .thenAccept(acked -> publish(envelope.replyTo(), Envelope.reply(envelope.requestId(), acked)));
    }

    private ITopic<byte[]> topic(String member) {
        return members.hazelcast().getTopic(TOPIC_PREFIX + member);
    }

    /** Counters of one peer's traffic. */
    public static final class Traffic {
        final AtomicLong sent = new AtomicLong();
        final AtomicLong received = new AtomicLong();

        public long sent() {
            return sent.get();
        }

        public long received() {
            return received.get();
        }
    }

    private record PendingPush(String member, CompletableFuture<Boolean> done, ScheduledFuture<?> timeout) {
    }
}
