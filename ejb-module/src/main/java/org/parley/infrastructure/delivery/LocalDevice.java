package org.parley.infrastructure.delivery;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.parley.application.DeviceConnection;

/**
 * A logged-in socket of this node with the ack-required pushes it has not acknowledged yet. A push goes out under a
 * fresh sync id; when its deadline passes unanswered it goes out again under a new one (late acks of an old id are
 * ignored), until the attempts run out. Then, or when the socket goes, it counts as not delivered.
 */
final class LocalDevice {

    private final DeviceConnection connection;
    private final Deadlines deadlines;
    private final int attempts;
    private final AtomicInteger syncIds = new AtomicInteger();
    private final Map<Integer, Push> pending = new ConcurrentHashMap<>();
    private volatile boolean open = true;

    LocalDevice(DeviceConnection connection, Deadlines deadlines, int attempts) {
        this.connection = connection;
        this.deadlines = deadlines;
        this.attempts = attempts;
    }

    DeviceConnection connection() {
        return connection;
    }

    String user() {
        return connection.tid().getNode();
    }

    /** A frame that needs no acknowledgement. */
    boolean send(EncodedFrame frame) {
        return connection.write(frame.plain(connection.json()));
    }

    /** @return completes with true once acknowledged, false if never (attempts used up, socket gone) */
    CompletionStage<Boolean> push(EncodedFrame frame) {
        Push push = new Push(this, frame);
        attempt(push, 1);
        return push.done;
    }

    int pendingCount() {
        return pending.size();
    }

    private void attempt(Push push, int attempt) {
        if (!open) {
            push.done.complete(false);
            return;
        }
        int syncId = syncIds.incrementAndGet();
        push.syncId = syncId;
        push.attempt = attempt;
        pending.put(syncId, push);
        deadlines.add(push, System.nanoTime());
        if (!connection.write(push.frame.ackRequired(connection.json(), syncId)) && pending.remove(syncId, push)) {
            push.done.complete(false); // closed, or its queue is full and it is being closed
        }
    }

    /** The device sent an ACK of {@code syncId}. */
    void acknowledged(int syncId) {
        Push push = pending.remove(syncId);
        if (push != null) {
            push.done.complete(true);
        }
    }

    /** The socket is gone: nothing pending will be acknowledged. */
    void closed() {
        open = false;
        pending.values().forEach(p -> p.done.complete(false));
        pending.clear();
    }

    private void expired(Push push) {
        // Still pending under this attempt's id: nothing came back in time.
        if (pending.remove(push.syncId, push)) {
            if (push.attempt < attempts) {
                attempt(push, push.attempt + 1);
            } else {
                push.done.complete(false);
            }
        }
    }

    /** One push: the same entry waits in the deadline queue for each of its attempts in turn. */
    private static final class Push extends Deadlines.Entry {
        final LocalDevice device;
        final EncodedFrame frame;
        final CompletableFuture<Boolean> done = new CompletableFuture<>();
        volatile int syncId;
        volatile int attempt;

        Push(LocalDevice device, EncodedFrame frame) {
            this.device = device;
            this.frame = frame;
        }

        @Override
        void expired() {
            device.expired(this);
        }
    }
}
