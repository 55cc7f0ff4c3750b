package org.parley.bench.bare;

import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every binary message any socket sends goes back out, byte for byte, to every open socket, the sender included:
 * the container's WebSocket stack and nothing else. Messages of at most {@value #ACK_BYTES} bytes are the clients'
 * acknowledgements (the benchmark's clients send one per message, as tim's clients ack every room push) and are
 * read and dropped, so the stack carries the same frames in and out as Parley's does. The message is taken as a {@code byte[]} as Parley's
 * endpoint takes it, and each socket gets a duplicate of one shared read-only buffer, sent with
 * {@code getAsyncRemote().sendBinary} as Parley's {@code Connection} sends, from the container thread that
 * delivered the message. No decoding, no authentication, no queue, no executor of its own.
 *
 * <p>No nested, anonymous or local classes (a lambda makes none): the fan-out benchmark copies exactly this one
 * class file into the WAR it deploys.
 */
@ServerEndpoint("/fanout")
public class BareFanoutEndpoint {

    /** The open sockets; the container makes one endpoint instance per socket, so the set is shared. */
    private static final Set<Session> SESSIONS = ConcurrentHashMap.newKeySet();

    /** Nothing to do when a send completes: a socket that failed leaves the set through onClose / onError. */
    private static final SendHandler IGNORE = result -> {
    };

    /** The size of tim's ACK frame (a type byte and a 4-byte sync id); fan-out messages are longer. */
    static final int ACK_BYTES = 5;

    @OnOpen
    public void open(Session session) {
        SESSIONS.add(session);
    }

    @OnMessage
    public void message(byte[] bytes) {
        if (bytes.length <= ACK_BYTES) {
            return;
        }
        ByteBuffer shared = ByteBuffer.wrap(bytes).asReadOnlyBuffer();
        for (Session session : SESSIONS) {
            try {
                session.getAsyncRemote().sendBinary(shared.duplicate(), IGNORE);
            } catch (RuntimeException e) {
                // A socket closing meanwhile: the others still get theirs.
            }
        }
    }

    @OnClose
    public void close(Session session) {
        SESSIONS.remove(session);
    }

    @OnError
    public void error(Session session, Throwable cause) {
        SESSIONS.remove(session);
    }
}
