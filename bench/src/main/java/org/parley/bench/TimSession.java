package org.parley.bench;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.parley.protocol.ClientFrame;
import org.parley.protocol.FrameType;
import org.parley.protocol.ProtocolException;
import org.parley.protocol.ServerFrame;
import org.parley.protocol.ThriftCodec;
import org.parley.protocol.TimAck;
import org.parley.protocol.TimAuth;
import org.parley.protocol.TimMessage;
import org.parley.protocol.TimNodes;
import org.parley.protocol.TimStruct;

/**
 * One simulated tim client (Thrift compact mode) on a {@link WsClient}: logs in with an AUTH frame, acknowledges
 * every ack-required push at once on the selector thread (before decoding it, as tim's clients do, §1.5), and hands
 * decoded messages to a {@link Handler} together with the selector thread's {@link System#nanoTime()} taken right
 * after decoding. Everything but the factory and the thread-safe wrappers runs on the selector thread.
 */
final class TimSession implements WsClient.Listener {

    /** Receives decoded TIMMESSAGE frames, and the loss of a logged-in socket, on the selector thread. */
    interface Handler {
        void onMessage(TimSession session, TimMessage message, long arrivedNanos);

        /** The server (or a failure) closed the socket of a logged-in session; not called for {@link #close()}. */
        default void onLost(TimSession session, Throwable cause) {
        }

        /**
         * Every frame after the login ack but TIMMESSAGE (acks, offline batches, presence, big data, pongs, ...),
         * undecoded, already acknowledged if it asked for an ack.
         */
        default void onFrame(TimSession session, ServerFrame frame) {
        }
    }

    /** Sockets closed by a server or a failure, not by {@link #close()}: a benchmark reports them. */
    static final AtomicInteger UNEXPECTED_CLOSES = new AtomicInteger();

    private final int index;
    private final String name;
    private final WsClient ws;
    private final CompletableFuture<TimSession> login = new CompletableFuture<>();
    private final TimAuth auth;
    private volatile Handler handler;
    private String node;
    private boolean closing;
    /** One outstanding request at a time: the first frame {@link #waitFor} accepts completes {@link #waiting}. */
    private Predicate<TimStruct<?>> waitFor;
    private CompletableFuture<TimStruct<?>> waiting;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    private TimSession(int index, String name, TimAuth auth, URI uri) {
        this.index = index;
        this.name = name;
        this.ws = new WsClient(uri, this);
        this.auth = auth.setName(name).setResource("bench").setTermtyp((byte) 1);
    }

    /** Connects to {@code uri} and logs in; completes when the node accepted the AUTH. */
    static CompletableFuture<TimSession> login(NioLoop loop, URI uri, int index, String name, String password) {
        return connect(loop, uri, new TimSession(index, name, new TimAuth().setPwd(password), uri));
    }

    /** As {@link #login}, with a token from {@code /tim2} (TOKEN, frame 15) instead of the password. */
    static CompletableFuture<TimSession> loginWithToken(NioLoop loop, URI uri, int index, String name, String token) {
        return connect(loop, uri, new TimSession(index, name, new TimAuth().setToken(token), uri));
    }

    private static CompletableFuture<TimSession> connect(NioLoop loop, URI uri, TimSession session) {
        loop.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), session.ws);
        return session.login;
    }

    int index() {
        return index;
    }

    String name() {
        return name;
    }

    /** The user's node, from the login ack. */
    String node() {
        return node;
    }

    NioLoop loop() {
        return ws.loop();
    }

    void handler(Handler h) {
        this.handler = h;
    }

    CompletableFuture<Void> closedFuture() {
        return closed;
    }

    /** Sends a frame; on the selector thread only. */
    void send(int frameType, TimStruct<?> body) {
        ws.sendBinary(ClientFrame.build(frameType, false, body == null ? null : ThriftCodec.INSTANCE.encode(body)));
    }

    /** Sends a frame built beforehand ({@link ClientFrame#build}); on the selector thread only. */
    void sendFrame(byte[] frame) {
        ws.sendBinary(frame);
    }

    /**
     * Sends a frame (from any thread) and completes with the first ACK, MESSAGE or NODES body {@code until}
     * accepts. One request per session at a time.
     */
    CompletableFuture<TimStruct<?>> request(int frameType, TimStruct<?> body, Predicate<TimStruct<?>> until) {
        CompletableFuture<TimStruct<?>> result = new CompletableFuture<>();
        loop().execute(() -> {
            if (ws.isClosed()) {
                result.completeExceptionally(new IllegalStateException(name + ": socket closed"));
                return;
            }
            waitFor = until;
            waiting = result;
            send(frameType, body);
        });
        return result;
    }

    /** tim's own heartbeat (frame 13), which keeps the server's idle timer from closing the socket. */
    void ping() {
        loop().execute(() -> {
            if (!ws.isClosed()) {
                send(FrameType.PING, null);
            }
        });
    }

    /** Closes the WebSocket (from any thread). */
    void close() {
        loop().execute(() -> {
            closing = true;
            ws.close();
        });
    }

    @Override
    public void onOpen(WsClient socket) {
        send(FrameType.AUTH, auth);
    }

    @Override
    public void onMessage(WsClient socket, byte[] message) {
        ServerFrame frame;
        try {
            frame = ServerFrame.parse(message);
        } catch (ProtocolException e) {
            System.err.println(name + ": unreadable frame: " + e.getMessage());
            return;
        }
        if (frame.ackRequired()) {
            socket.sendBinary(ClientFrame.ack(frame.syncId(), false));
        }
        Handler h = handler;
        if (h != null && login.isDone() && frame.type() != FrameType.MESSAGE) {
            h.onFrame(this, frame);
        }
        try {
            switch (frame.type()) {
                case FrameType.ACK -> {
                    TimAck ack = frame.decodeBody(false, TimAck.class);
                    if (!login.isDone() && ack.getTimType() != null && ack.getTimType() == FrameType.AUTH) {
                        loggedIn(ack);
                    } else {
                        offer(ack);
                    }
                }
                case FrameType.MESSAGE -> {
                    TimMessage m = frame.decodeBody(false, TimMessage.class);
                    long now = System.nanoTime();
                    if (h != null) {
                        h.onMessage(this, m, now);
                    }
                    offer(m);
                }
                case FrameType.NODES -> offer(frame.decodeBody(false, TimNodes.class));
                default -> {
                    // pongs, offline batches (acked above) and the rest: nothing a benchmark waits for
                }
            }
        } catch (ProtocolException e) {
            System.err.println(name + ": undecodable " + frame + ": " + e.getMessage());
        }
    }

    private void loggedIn(TimAck ack) {
        if (Boolean.TRUE.equals(ack.getOk())) {
            node = ack.getN();
            login.complete(this);
        } else {
            login.completeExceptionally(new IllegalStateException(name + ": login refused: " + ack));
            closing = true;
            ws.close();
        }
    }

    private void offer(TimStruct<?> struct) {
        if (waiting != null && waitFor.test(struct)) {
            CompletableFuture<TimStruct<?>> w = waiting;
            waiting = null;
            waitFor = null;
            w.complete(struct);
        }
    }

    @Override
    public void onClosed(WsClient socket, Throwable cause) {
        IllegalStateException gone = new IllegalStateException(name + ": socket closed"
                + (cause == null ? "" : ": " + cause), cause);
        if (!closing && login.isDone() && !login.isCompletedExceptionally()) {
            if (UNEXPECTED_CLOSES.incrementAndGet() <= 5) {
                System.out.println(name + " (member " + index + "): socket closed by the server or failed"
                        + (cause == null ? "" : ": " + cause));
            }
            Handler h = handler;
            if (h != null) {
                h.onLost(this, cause);
            }
        }
        login.completeExceptionally(gone);
        if (waiting != null) {
            waiting.completeExceptionally(gone);
            waiting = null;
        }
        closed.complete(null);
    }
}
