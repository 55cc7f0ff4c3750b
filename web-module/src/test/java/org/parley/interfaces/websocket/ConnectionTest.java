package org.parley.interfaces.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.CloseReason;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The socket's send queue against a fake socket whose sends complete when the test says so. */
class ConnectionTest {

    private static final int QUEUE_LIMIT = 4;
    private static final int DROP_THRESHOLD = 2;
    private static final int BYTE_LIMIT = 1000;

    private static final class FakeSocket implements Connection.Socket {
        final List<byte[]> sent = new ArrayList<>();
        final ArrayDeque<SendHandler> inFlight = new ArrayDeque<>();
        CloseReason closed;

        @Override
        public void send(ByteBuffer message, SendHandler done) {
            byte[] bytes = new byte[message.remaining()];
            message.get(bytes);
            sent.add(bytes);
            inFlight.add(done);
        }

        @Override
        public void close(CloseReason reason) {
            closed = reason;
        }

        /** The oldest send in flight is written. */
        void complete() {
            inFlight.remove().onResult(new SendResult());
        }
    }

    private final FakeSocket socket = new FakeSocket();
    /** Runs continuations at once, as a free fan-out thread would. */
    private final Connection connection = new Connection(socket, Runnable::run,
            new Connection.Limits(QUEUE_LIMIT, BYTE_LIMIT, DROP_THRESHOLD, 0));

    private static byte[] frame(int n) {
        return new byte[] {(byte) 90, (byte) n};
    }

    @Test
    void frames_leave_one_at_a_time_in_the_order_they_were_written() {
        assertTrue(connection.write(frame(1)));
        assertTrue(connection.write(frame(2)));
        assertTrue(connection.write(frame(3)));
        assertEquals(1, socket.sent.size(), "the next frame waits for the first to be written");

        socket.complete();
        socket.complete();

        assertEquals(3, socket.sent.size());
        for (int i = 0; i < 3; i++) {
            assertEquals(i + 1, socket.sent.get(i)[1]);
        }
        socket.complete();
        assertTrue(socket.inFlight.isEmpty());
    }

    @Test
    void a_socket_that_stops_reading_is_closed_when_its_queue_is_full() {
        connection.write(frame(0)); // in flight, never completed
        for (int i = 1; i <= QUEUE_LIMIT; i++) {
            assertTrue(connection.write(frame(i)));
        }

        assertFalse(connection.write(frame(99)));
        assertEquals(CloseReason.CloseCodes.TRY_AGAIN_LATER, socket.closed.getCloseCode());
        assertFalse(connection.write(frame(100)), "nothing more is taken");
    }

    private static byte[] frame(int n, int size) {
        byte[] f = new byte[size];
        f[0] = (byte) 90;
        f[1] = (byte) n;
        return f;
    }

    @Test
    void a_socket_that_stops_reading_is_closed_when_its_queued_bytes_pass_the_limit_whatever_the_count() {
        connection.write(frame(0, 600)); // in flight, never completed: not counted as queued
        assertTrue(connection.write(frame(1, 600)));
        assertTrue(connection.write(frame(2, 400)), "1,000 bytes queued: at the limit");

        assertFalse(connection.write(frame(3, 2)), "two frames queued, one byte over");
        assertEquals(CloseReason.CloseCodes.TRY_AGAIN_LATER, socket.closed.getCloseCode());
    }

    @Test
    void queued_bytes_are_given_back_as_frames_are_written() {
        connection.write(frame(0, 10));
        for (int round = 0; round < 10; round++) {
            assertTrue(connection.write(frame(1, 900)), "round " + round);
            socket.complete(); // the previous frame is written, the queued one goes out
        }
        assertEquals(null, socket.closed);
        assertEquals(11, socket.sent.size());
    }

    @Test
    void stream_frames_are_dropped_before_they_take_half_the_bytes() {
        connection.write(frame(0, 10));
        assertTrue(connection.writeDroppable(frame(1, 400)));
        assertFalse(connection.writeDroppable(frame(2, 101)), "401 + 101 bytes would pass half of 1,000");
        assertTrue(connection.write(frame(3, 500)), "other frames still queue up to the whole limit");
    }

    @Test
    void stream_frames_are_dropped_once_the_queue_is_long_and_taken_again_when_it_drains() {
        connection.write(frame(0));
        assertTrue(connection.writeDroppable(frame(1)));
        assertTrue(connection.writeDroppable(frame(2)));

        assertFalse(connection.writeDroppable(frame(3)));
        assertTrue(connection.write(frame(4)), "other frames still queue");

        socket.complete();
        socket.complete();
        socket.complete();
        socket.complete();
        assertTrue(connection.writeDroppable(frame(5)));
        assertEquals(List.of(0, 1, 2, 4, 5), socket.sent.stream().map(b -> (int) b[1]).toList());
    }

    /** A clock that moves only when the test says so. */
    private static final class TestClock implements io.github.bucket4j.TimeMeter {
        long nanos;

        @Override
        public long currentTimeNanos() {
            return nanos;
        }

        @Override
        public boolean isWallClockBased() {
            return false;
        }
    }

    @Test
    void requests_over_the_rate_are_refused_and_a_second_more_of_them_is_a_flood() {
        TestClock clock = new TestClock();
        Connection limited = new Connection(socket, Runnable::run, new Connection.Limits(QUEUE_LIMIT, BYTE_LIMIT,
                DROP_THRESHOLD, 3), clock);
        for (int i = 0; i < 3; i++) {
            assertTrue(limited.admitRequest(), "request " + i);
        }
        assertFalse(limited.admitRequest());
        assertFalse(limited.flooding(), "one refusal is a burst");
        clock.nanos += 400_000_000L; // a little over a third of a second: one request's worth again
        assertTrue(limited.admitRequest());
        for (int i = 0; i < 3; i++) {
            assertFalse(limited.admitRequest());
        }
        assertFalse(limited.flooding(), "three refusals in a row: a second's worth, not more");
        assertFalse(limited.admitRequest());
        assertTrue(limited.flooding());
    }

    @Test
    void without_a_rate_every_request_is_admitted() {
        for (int i = 0; i < 10_000; i++) {
            assertTrue(connection.admitRequest());
        }
        assertFalse(connection.flooding());
    }

    @Test
    void a_closed_connection_writes_nothing_and_forgets_its_queue() {
        connection.write(frame(1));
        connection.write(frame(2));
        connection.closed();
        socket.complete();

        assertFalse(connection.write(frame(3)));
        assertEquals(1, socket.sent.size());
    }

    @Test
    void a_failed_send_does_not_stall_the_queue() {
        connection.write(frame(1));
        connection.write(frame(2));
        socket.inFlight.remove().onResult(new SendResult(new java.io.IOException("broken pipe")));

        assertEquals(2, socket.sent.size());
    }
}
