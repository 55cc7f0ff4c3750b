package org.parley.bench.bare;

import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Every binary message any socket sends goes back out, byte for byte, to every open socket, the sender included:
 * the container's WebSocket stack and nothing else. Messages of at most {@value #ACK_BYTES} bytes are the clients'
 * acknowledgements (the benchmark's clients send one per message, as tim's clients ack every room push) and are
 * read and dropped, so the stack carries the same frames in and out as Parley's does. The message is taken as a {@code byte[]} as Parley's
 * endpoint takes it, and each socket gets a duplicate of one shared read-only buffer, sent with
 * {@code getAsyncRemote().sendBinary} as Parley's {@code Connection} sends, split over one plain thread per core
 * (or, with {@link #THREADS} 1, all from the container thread that delivered the message). No decoding, no
 * authentication, no queue.
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

    /**
     * Threads sending one message's copies ({@code -Dparley.bench.bare.threads}, default: one per core, as Parley's
     * fan-out threads); 1 sends them all on the container thread that delivered the message.
     */
    static final int THREADS = Math.max(1, Integer.getInteger("parley.bench.bare.threads",
            Runtime.getRuntime().availableProcessors()));
    private static final ExecutorService SENDERS = THREADS == 1 ? null : Executors.newFixedThreadPool(THREADS);

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
        List<Session> all = List.copyOf(SESSIONS);
        if (SENDERS == null) {
            sendAll(all, shared);
            return;
        }
        // Split over the sending threads, as Parley splits a room over its fan-out threads.
        int share = (all.size() + THREADS - 1) / THREADS;
        for (int from = 0; from < all.size(); from += share) {
            List<Session> part = all.subList(from, Math.min(all.size(), from + share));
            SENDERS.execute(() -> sendAll(part, shared));
        }
    }

    private static void sendAll(List<Session> sessions, ByteBuffer shared) {
        for (Session session : sessions) {
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
