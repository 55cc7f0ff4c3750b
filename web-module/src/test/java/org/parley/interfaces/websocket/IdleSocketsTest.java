package org.parley.interfaces.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.websocket.CloseReason;
import jakarta.websocket.SendHandler;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** tim's ping_timeout, on a clock the test moves. */
class IdleSocketsTest {

    private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(600);

    private static final class ClosingSocket implements Connection.Socket {
        CloseReason closed;

        @Override
        public void send(ByteBuffer message, SendHandler done) {
        }

        @Override
        public void close(CloseReason reason) {
            closed = reason;
        }
    }

    private final AtomicLong clock = new AtomicLong(1_000);
    private final IdleSockets idle = new IdleSockets();

    IdleSocketsTest() {
        idle.start(TIMEOUT, clock::get);
    }

    private Connection open(ClosingSocket socket) {
        Connection c = new Connection(socket, Runnable::run, new Connection.Limits(16, 1 << 20, 8, 0));
        c.heard(idle.now());
        idle.opened(c);
        return c;
    }

    @Test
    void a_socket_silent_for_longer_than_the_ping_timeout_is_closed_and_one_that_spoke_is_not() {
        ClosingSocket quietSocket = new ClosingSocket();
        ClosingSocket chattySocket = new ClosingSocket();
        open(quietSocket);
        Connection chatty = open(chattySocket);

        clock.addAndGet(TIMEOUT - 1);
        chatty.heard(idle.now()); // a ping
        idle.sweep();
        assertNull(quietSocket.closed, "not yet past the timeout");

        clock.addAndGet(2);
        idle.sweep();
        assertEquals(CloseReason.CloseCodes.GOING_AWAY, quietSocket.closed.getCloseCode());
        assertEquals(IdleSockets.REASON, quietSocket.closed.getReasonPhrase());
        assertNull(chattySocket.closed);
        assertEquals(1, idle.openCount());
    }

    @Test
    void a_closed_socket_is_forgotten() {
        Connection c = open(new ClosingSocket());
        idle.closed(c);
        assertEquals(0, idle.openCount());
    }
}
