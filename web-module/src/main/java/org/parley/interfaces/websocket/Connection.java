package org.parley.interfaces.websocket;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import jakarta.websocket.CloseReason;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.parley.application.DeviceConnection;
import org.parley.protocol.FrameType;
import org.parley.protocol.ServerFrame;
import org.parley.protocol.Tid;
import org.parley.protocol.TimAck;
import org.parley.protocol.TimStruct;
import org.parley.protocol.WireCodec;

/**
 * One client socket. Frames are written one at a time from a queue bounded in frames and in bytes (a slow device
 * fills only its own queue, and is disconnected when it is full; stream frames are dropped for it well before that,
 * see {@link #writeDroppable}). Which frames to write, and what to resend, is delivery's business.
 */
final class Connection implements DeviceConnection {

    private static final Logger LOG = Logger.getLogger(Connection.class.getName());
    private static final AtomicLong IDS = new AtomicLong();

    private final long id = IDS.incrementAndGet();
    private final Socket socket;
    private final Executor sends;
    private final Limits limits;

    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    /** The bytes of the frames in {@link #queue}; guarded by it. */
    private long queuedBytes;
    private boolean writing;
    private volatile boolean open = true;

    private volatile Tid tid;
    /** {@link System#nanoTime()} when the device last sent a frame: tim's ping_timeout counts from it. */
    private volatile long lastHeardNanos;
    private volatile boolean json;
    /** One offline flush at a time per socket: a repeated TIMOFFLINEMSG must not hand out a batch twice. */
    final AtomicBoolean offlineFlushRunning = new AtomicBoolean();

    /**
     * @param sends runs a socket's next queued frame once the previous one is written, so the container's
     *              completion callback returns at once
     */
    Connection(Socket socket, Executor sends, Limits limits) {
        this(socket, sends, limits, TimeMeter.SYSTEM_NANOTIME);
    }

    /** @param clock the request budget's clock (tests pass their own) */
    Connection(Socket socket, Executor sends, Limits limits, TimeMeter clock) {
        this.socket = socket;
        this.sends = sends;
        this.limits = limits;
        int rate = limits.requestsPerSecond();
        this.requests = rate <= 0 ? null : Bucket.builder()
                .addLimit(limit -> limit.capacity(rate).refillGreedy(rate, Duration.ofSeconds(1)))
                .withCustomTimePrecision(clock)
                .build();
    }

    /**
     * How much may wait for one socket: {@code frames} and {@code bytes} (a device that stops reading while big data
     * comes its way would otherwise pin gigabytes with a few thousand frames), past either of which the socket is
     * closed; stream frames are dropped once {@code streamDropFrames} frames or half the bytes are waiting. And how
     * many requests per second the device may make ({@code requestsPerSecond}, 0 for no limit: tim's request_rate).
     */
    record Limits(int frames, long bytes, int streamDropFrames, int requestsPerSecond) {
    }

    /** The device's request budget (tim's request_rate), or null when there is none. */
    private final Bucket requests;
    /** Requests refused since the last one admitted; only the socket's own thread touches it. */
    private volatile int refusedInARow;

    /** Counts one request of the device; false when it is over its rate (the caller answers 5104). */
    boolean admitRequest() {
        if (requests == null || requests.tryConsume(1)) {
            refusedInARow = 0;
            return true;
        }
        refusedInARow++;
        return false;
    }

    /**
     * Whether the device sent a whole second's worth of requests more after it began to be refused: not a burst but
     * a flood, which ends the socket.
     */
    boolean flooding() {
        return requests != null && refusedInARow > limits.requestsPerSecond();
    }

    /** The client's address as the container saw it (no proxy headers), or null if the container does not say. */
    String remoteAddress() {
        return socket.remoteAddress();
    }

    /** The device sent a frame (any frame, a ping included) at {@code nanos}. */
    void heard(long nanos) {
        lastHeardNanos = nanos;
    }

    long lastHeardNanos() {
        return lastHeardNanos;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public Tid tid() {
        return tid;
    }

    boolean isAuthenticated() {
        return tid != null;
    }

    /** Binds the socket to a user; from now on structs are encoded in the login frame's mode. */
    void authenticated(Tid sessionTid, boolean jsonMode) {
        this.json = jsonMode;
        this.tid = sessionTid;
    }

    /** The login was refused after all (device limit): the socket is unauthenticated again. */
    void authenticationRevoked() {
        this.tid = null;
    }

    /*
     * The auth deadline and a login in progress race: a deadline check that runs while a slow login (bcrypt, a busy
     * database) is under way must neither close a socket whose login is about to succeed nor let a failed login keep
     * a socket open past its deadline. The login decides when it ends.
     */
    private boolean loginRunning;
    private boolean deadlinePassed;

    /** A login frame arrived; false if the deadline already passed (the socket is closing). */
    synchronized boolean beginLogin() {
        if (deadlinePassed && tid == null) {
            return false;
        }
        loginRunning = true;
        return true;
    }

    /** The login ended, well or not; true if the socket must now close because its deadline passed meanwhile. */
    synchronized boolean endLogin() {
        loginRunning = false;
        return deadlinePassed && tid == null;
    }

    /** The auth deadline passed; true if the socket must close now (not authenticated, no login under way). */
    synchronized boolean authDeadlinePassed() {
        deadlinePassed = true;
        return tid == null && !loginRunning;
    }

    @Override
    public boolean json() {
        return json;
    }

    /** A reply to this socket's own request, in its mode. */
    void send(int frameType, TimStruct<?> struct) {
        write(ServerFrame.plain(frameType, WireCodec.of(json).encode(struct)));
    }

    /** Sends in an explicit mode: a failed login is answered in the mode of its own frame. */
    void send(int frameType, TimStruct<?> struct, boolean jsonMode) {
        write(ServerFrame.plain(frameType, WireCodec.of(jsonMode).encode(struct)));
    }

    /** A body-less frame (PING, OFFLINEMSGEND). */
    void sendEmpty(int frameType) {
        write(ServerFrame.plain(frameType, null));
    }

    @Override
    public boolean writeDroppable(byte[] frame) {
        synchronized (queue) {
            // A live stream is worth nothing late: a socket that is this far behind misses frames instead of
            // growing its queue towards the hard limit (which would disconnect it).
            if (writing && (queue.size() >= limits.streamDropFrames()
                    || queuedBytes + frame.length > limits.bytes() / 2)) {
                return false;
            }
        }
        return write(frame);
    }

    @Override
    public void logout(String reason) {
        send(FrameType.ACK, new TimAck().setOk(true).setTimType((byte) FrameType.LOGOUT));
        close(CloseReason.CloseCodes.NORMAL_CLOSURE, reason);
    }

    void close(CloseReason.CloseCode code, String reason) {
        try {
            socket.close(new CloseReason(code, reason));
        } catch (IOException e) {
            LOG.log(Level.FINE, "closing socket " + id, e);
        }
    }

    /** The socket is gone: nothing more is written to it. */
    void closed() {
        open = false;
        synchronized (queue) {
            queue.clear();
            queuedBytes = 0;
        }
    }

    @Override
    public boolean write(byte[] frame) {
        synchronized (queue) {
            if (!open) {
                return false;
            }
            if (writing) {
                if (queue.size() >= limits.frames() || queuedBytes + frame.length > limits.bytes()) {
                    open = false;
                    int frames = queue.size();
                    long bytes = queuedBytes;
                    queue.clear();
                    queuedBytes = 0;
                    // A device's own doing, once per socket: no stack trace.
                    LOG.info(() -> "socket " + id + " is not reading; " + frames + " frames (" + bytes
                            + " bytes) queued, closing it");
                    sends.execute(() -> close(CloseReason.CloseCodes.TRY_AGAIN_LATER, "send queue full"));
                    return false;
                }
                queue.add(frame);
                queuedBytes += frame.length;
                return true;
            }
            writing = true;
        }
        transmit(frame);
        return true;
    }

    private void transmit(byte[] frame) {
        try {
            socket.send(ByteBuffer.wrap(frame), this::sent);
        } catch (RuntimeException e) {
            sent(new SendResult(e));
        }
    }

    private void sent(SendResult result) {
        if (!result.isOK()) {
            LOG.log(Level.FINE, "send failed on socket " + id, result.getException());
        }
        byte[] next;
        synchronized (queue) {
            next = open ? queue.poll() : null;
            if (next == null) {
                writing = false;
                return;
            }
            queuedBytes -= next.length;
        }
        // A new task keeps the stack flat when the container completes sends inline. If the executor refuses it,
        // the frame is sent from here: an exception thrown into the container's completion callback would be lost
        // and leave this socket's queue stalled for good, with nothing in any log.
        try {
            sends.execute(() -> transmit(next));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "socket " + id + ": send task refused, sending inline", e);
            transmit(next);
        }
    }

    /** What a connection needs of its WebSocket session (tests give it a fake). */
    interface Socket {
        /** Sends one binary message asynchronously; {@code done} is called once it is written or failed. */
        void send(ByteBuffer message, SendHandler done);

        void close(CloseReason reason) throws IOException;

        /** The client's address, or null when not known. */
        default String remoteAddress() {
            return null;
        }

        static Socket of(Session session, String address) {
            return new Socket() {
                @Override
                public String remoteAddress() {
                    return address;
                }

                @Override
                public void send(ByteBuffer message, SendHandler done) {
                    session.getAsyncRemote().sendBinary(message, done);
                }

                @Override
                public void close(CloseReason reason) throws IOException {
                    session.close(reason);
                }
            };
        }
    }
}
