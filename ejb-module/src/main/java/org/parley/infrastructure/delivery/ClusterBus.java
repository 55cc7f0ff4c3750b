package org.parley.infrastructure.delivery;

import com.hazelcast.topic.ITopic;
import com.hazelcast.topic.Message;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.parley.infrastructure.cluster.ClusterMembers;
import org.parley.infrastructure.config.ParleyConfig;

/**
 * The hop between nodes. Each node listens on its own Hazelcast topic; a node with frames for users connected
 * elsewhere sends one envelope per target node. Acknowledged pushes are answered on the sender's topic; a push whose
 * answer never comes (the target died, or the topic dropped it) counts as not delivered, which leaves the message in
 * the recipient's offline queue: delivery is at-least-once, never lost.
 */
@ApplicationScoped
public class ClusterBus {

    private static final Logger LOG = Logger.getLogger(ClusterBus.class.getName());
    private static final String TOPIC_PREFIX = "parley-member-";

    @Inject
    ClusterMembers members;

    @Inject
    ParleyConfig config;

    @Inject
    DeliveryExecutors executors;

    private final AtomicLong requestIds = new AtomicLong();
    private final Map<Long, RemotePush> pending = new ConcurrentHashMap<>();
    private final Map<String, Traffic> traffic = new ConcurrentHashMap<>();
    private Deadlines answers;
    private UUID listener;

    /** Starts listening on this node's topic; every envelope but replies goes to {@code receiver}. */
    synchronized void start(Consumer<Envelope> receiver) {
        if (listener != null) {
            return;
        }
        // The remote node resends to its devices like a local one would; allow for that, then give up.
        answers = new Deadlines(TimeUnit.MILLISECONDS.toNanos(config.ackTimeout().toMillis() * config.ackAttempts() + 5_000));
        executors.timer().scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.SECONDS);
        listener = topic(members.localMember()).addMessageListener(message -> received(message, receiver));
    }

    synchronized void stop() {
        if (listener != null) {
            topic(members.localMember()).removeMessageListener(listener);
            listener = null;
        }
    }

    String self() {
        return members.localMember();
    }

    /** Fire and forget. */
    void send(String member, Envelope envelope) {
        publish(member, envelope);
    }

    /**
     * An ack-required delivery to users on {@code member}.
     *
     * @return true when a device there acknowledged; false if none did, or no answer came in time
     */
    CompletionStage<Boolean> push(String member, List<String> users, EncodedFrame frame) {
        long id = requestIds.incrementAndGet();
        RemotePush push = new RemotePush(id, member);
        pending.put(id, push);
        answers.add(push, System.nanoTime());
        publish(member, Envelope.deliver(id, self(), true, users, frame));
        return push.done;
    }

    /** Answers an ack-required delivery that came from {@code member}. */
    void reply(String member, long requestId, boolean acked) {
        publish(member, Envelope.reply(requestId, acked));
    }

    /** A node left: nothing it was asked to deliver will be answered. */
    void memberLeft(String member) {
        pending.values().removeIf(p -> {
            if (p.member.equals(member)) {
                p.done.complete(false);
                return true;
            }
            return false;
        });
    }

    /** Envelopes sent to and received from each node since this node started. */
    public Map<String, Traffic> traffic() {
        return Map.copyOf(traffic);
    }

    private void sweep() {
        answers.due(System.nanoTime()).forEach(Deadlines.Entry::expired);
    }

    private void publish(String member, Envelope envelope) {
        traffic.computeIfAbsent(member, m -> new Traffic()).sent.incrementAndGet();
        topic(member).publish(envelope.encode());
    }

    private void received(Message<byte[]> message, Consumer<Envelope> receiver) {
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
        if (envelope.kind() == Envelope.REPLY) {
            RemotePush p = pending.remove(envelope.requestId());
            if (p != null) {
                p.done.complete(envelope.acked());
            }
            return;
        }
        receiver.accept(envelope);
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

    private final class RemotePush extends Deadlines.Entry {
        final long id;
        final String member;
        final CompletableFuture<Boolean> done = new CompletableFuture<>();

        RemotePush(long id, String member) {
            this.id = id;
            this.member = member;
        }

        @Override
        void expired() {
            if (pending.remove(id, this)) {
                done.complete(false);
            }
        }
    }
}
