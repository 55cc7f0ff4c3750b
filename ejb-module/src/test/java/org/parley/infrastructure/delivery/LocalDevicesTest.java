package org.parley.infrastructure.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

import org.parley.infrastructure.cluster.StreamTarget;
import org.parley.protocol.FrameType;
import org.parley.protocol.ServerFrame;
import org.parley.protocol.TimMessage;
import org.parley.protocol.TimStream;

/**
 * The ack rules of this node's devices. An ack timeout of zero makes every push due at the next sweep, so each
 * {@link LocalDevices#sweep()} is one deadline passing, without waiting for a clock.
 */
class LocalDevicesTest {

    private static final int ATTEMPTS = 3;

    private final DeliveryWatermarks watermarks = new DeliveryWatermarks();
    private final EncodedFrame message = EncodedFrame.of(FrameType.MESSAGE, new TimMessage().setId(1L).setMid(5L));

    private LocalDevices devices(long ackTimeoutNanos) {
        LocalDevices local = new LocalDevices();
        local.watermarks = watermarks;
        local.start(ackTimeoutNanos, ATTEMPTS);
        return local;
    }

    @Test
    void an_acknowledged_push_is_delivered_and_not_resent() {
        LocalDevices local = devices(0);
        FakeDevice phone = new FakeDevice("alice", false);
        local.register(phone);

        CompletableFuture<Boolean> done = local.push("alice", message).toCompletableFuture();
        ServerFrame sent = phone.last();
        assertTrue(sent.ackRequired());
        local.acknowledged(phone.id(), sent.syncId());
        local.sweep();

        assertTrue(done.getNow(null));
        assertEquals(1, phone.written.size());
        assertEquals(0, local.pendingPushes());
    }

    @Test
    void an_unanswered_push_is_resent_under_a_new_sync_id_until_the_attempts_run_out() {
        LocalDevices local = devices(0);
        FakeDevice phone = new FakeDevice("alice", false);
        local.register(phone);

        CompletableFuture<Boolean> done = local.push("alice", message).toCompletableFuture();
        int firstId = phone.last().syncId();
        local.sweep();
        int secondId = phone.last().syncId();
        local.acknowledged(phone.id(), firstId); // late: that id is no longer asked for
        assertFalse(done.isDone());
        local.sweep();
        local.sweep();

        assertEquals(ATTEMPTS, phone.written.size());
        assertNotEquals(firstId, secondId);
        assertFalse(done.getNow(null));
        assertEquals(0, local.pendingPushes());
        assertEquals(Wire.roundTrip(new TimMessage().setId(1L).setMid(5L)), phone.last().decodeBody(false, TimMessage.class));
    }

    @Test
    void a_push_not_yet_due_is_left_alone_by_the_sweep() {
        LocalDevices local = devices(Long.MAX_VALUE / 4);
        FakeDevice phone = new FakeDevice("alice", false);
        local.register(phone);

        CompletableFuture<Boolean> done = local.push("alice", message).toCompletableFuture();
        local.sweep();

        assertFalse(done.isDone());
        assertEquals(1, phone.written.size());
    }

    @Test
    void any_device_acknowledging_delivers_the_push() {
        LocalDevices local = devices(0);
        FakeDevice phone = new FakeDevice("alice", false);
        FakeDevice desktop = new FakeDevice("alice", true);
        local.register(phone);
        local.register(desktop);

        CompletableFuture<Boolean> done = local.push("alice", message).toCompletableFuture();
        local.acknowledged(desktop.id(), desktop.last().syncId());

        assertTrue(done.getNow(null));
        // Each device got the frame in its own mode.
        assertEquals(Wire.roundTrip(new TimMessage().setId(1L).setMid(5L)), Wire.roundTrip(desktop.last().decodeBody(true, TimMessage.class)));
        assertEquals(Wire.roundTrip(new TimMessage().setId(1L).setMid(5L)), phone.last().decodeBody(false, TimMessage.class));
    }

    @Test
    void a_closing_socket_fails_its_pending_pushes_and_a_refused_write_fails_at_once() {
        LocalDevices local = devices(Long.MAX_VALUE / 4);
        FakeDevice phone = new FakeDevice("alice", false);
        local.register(phone);
        CompletableFuture<Boolean> pending = local.push("alice", message).toCompletableFuture();

        assertTrue(local.unregister(phone));
        assertFalse(pending.getNow(null));

        FakeDevice full = new FakeDevice("bob", false);
        full.refuseWrites = true;
        local.register(full);
        assertFalse(local.push("bob", message).toCompletableFuture().getNow(null));
        assertEquals(0, local.pendingPushes());
    }

    @Test
    void a_push_to_a_user_with_no_device_here_is_not_delivered() {
        assertFalse(devices(0).push("nobody", message).toCompletableFuture().getNow(null));
    }

    @Test
    void room_pushes_move_the_watermark_only_up_to_the_first_unacknowledged_message() {
        LocalDevices local = devices(0);
        FakeDevice phone = new FakeDevice("alice", false);
        local.register(phone);

        local.pushRoom("alice", "room1", 10, message);
        local.acknowledged(phone.id(), phone.last().syncId());
        local.pushRoom("alice", "room1", 11, message); // never acknowledged
        local.pushRoom("alice", "room1", 12, message);
        local.acknowledged(phone.id(), phone.last().syncId());
        for (int i = 0; i < ATTEMPTS; i++) {
            local.sweep();
        }

        assertEquals(Map.of("room1", 10L), watermarks.drain("alice"));
        assertEquals(Map.of(), watermarks.drain("alice")); // drained
    }

    @Test
    void stream_frames_are_encoded_once_per_form_and_dropped_for_sockets_that_are_behind() {
        LocalDevices local = devices(0);
        FakeDevice struct1 = new FakeDevice("a", false);
        FakeDevice struct2 = new FakeDevice("b", false);
        FakeDevice raw = new FakeDevice("c", false);
        FakeDevice slow = new FakeDevice("d", false);
        slow.behind = true;
        List.of(struct1, struct2, raw, slow).forEach(local::register);
        TimStream stream = new TimStream().setVNode("v1").setBody(new byte[] {1, 2, 3}).setFromNode("f");

        local.stream(List.of(new StreamTarget(struct1.id(), false), new StreamTarget(struct2.id(), false),
                new StreamTarget(raw.id(), true), new StreamTarget(slow.id(), false)), stream);

        assertTrue(struct1.written.get(0) == struct2.written.get(0), "one encoding shared");
        assertEquals(FrameType.STREAM, ServerFrame.parse(struct1.written.get(0)).type());
        assertEquals(FrameType.BIGBINARYSTREAM, raw.written.get(0)[0] & FrameType.TYPE_MASK);
        assertEquals(0, slow.written.size());
        assertEquals(1, local.streamFramesDropped());
    }
}
