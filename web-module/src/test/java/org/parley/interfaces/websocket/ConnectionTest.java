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
    private final Connection connection = new Connection(socket, Runnable::run, QUEUE_LIMIT, DROP_THRESHOLD);

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
