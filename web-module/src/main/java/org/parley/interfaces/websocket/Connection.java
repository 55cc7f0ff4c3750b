package org.parley.interfaces.websocket;

import jakarta.websocket.CloseReason;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.parley.application.DeviceConnection;
import org.parley.protocol.BigData;
import org.parley.protocol.FrameType;
import org.parley.protocol.ServerFrame;
import org.parley.protocol.Tid;
import org.parley.protocol.TimAck;
import org.parley.protocol.TimStream;
import org.parley.protocol.TimStruct;
import org.parley.protocol.WireCodec;

/**
 * One client socket. Frames are written one at a time from a bounded queue (a slow device fills only its own
 * queue, and is disconnected when it is full; stream frames are dropped for it well before that, see
 * {@link #sendStream}); ack-required pushes are resent with a fresh sync id until the
 * device acknowledges them or the attempts run out.
 */
final class Connection implements DeviceConnection {

    private static final Logger LOG = Logger.getLogger(Connection.class.getName());
    private static final AtomicLong IDS = new AtomicLong();

    private final long id = IDS.incrementAndGet();
    private final Session session;
    private final ScheduledExecutorService scheduler;
    private final Duration ackTimeout;
    private final int ackAttempts;
    private final int queueLimit;
    private final int streamDropThreshold;

    private final AtomicInteger syncIds = new AtomicInteger();
    private final Map<Integer, PendingPush> pending = new ConcurrentHashMap<>();
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private boolean writing;
    private volatile boolean open = true;

    private volatile Tid tid;
    private volatile boolean json;
    /** One offline flush at a time per socket: a repeated TIMOFFLINEMSG must not hand out a batch twice. */
    final AtomicBoolean offlineFlushRunning = new AtomicBoolean();

    Connection(Session session, ScheduledExecutorService scheduler, Duration ackTimeout, int ackAttempts, int queueLimit,
            int streamDropThreshold) {
        this.session = session;
        this.scheduler = scheduler;
        this.ackTimeout = ackTimeout;
        this.ackAttempts = ackAttempts;
        this.queueLimit = queueLimit;
        this.streamDropThreshold = streamDropThreshold;
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
    public void send(int frameType, TimStruct<?> struct) {
        write(ServerFrame.plain(frameType, WireCodec.of(json).encode(struct)));
    }

    /** Sends in an explicit mode: a failed login is answered in the mode of its own frame. */
    void send(int frameType, TimStruct<?> struct, boolean jsonMode) {
        write(ServerFrame.plain(frameType, WireCodec.of(jsonMode).encode(struct)));
    }

    @Override
    public void sendRaw(byte[] frame) {
        write(frame);
    }

    @Override
    public boolean sendStream(TimStream stream, boolean raw) {
        byte[] frame = raw
                ? new BigData(FrameType.BIGBINARYSTREAM, stream.getVNode(),
                        stream.getBody() == null ? new byte[0] : stream.getBody()).toFrame()
                : ServerFrame.plain(FrameType.STREAM, WireCodec.of(json).encode(stream));
        synchronized (queue) {
            // A live stream is worth nothing late: a socket that is this far behind misses frames instead of
            // growing its queue towards the hard limit (which would disconnect it).
            if (writing && queue.size() >= streamDropThreshold) {
                return false;
            }
        }
        write(frame);
        return true;
    }

    @Override
    public void sendEmpty(int frameType) {
        write(ServerFrame.plain(frameType, null));
    }

    @Override
    public CompletionStage<Boolean> push(int frameType, TimStruct<?> struct) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        attempt(frameType, WireCodec.of(json).encode(struct), done, 1);
        return done;
    }

    private void attempt(int frameType, byte[] body, CompletableFuture<Boolean> done, int attempt) {
        if (!open) {
            done.complete(false);
            return;
        }
        int syncId = syncIds.incrementAndGet();
        ScheduledFuture<?> timeout = scheduler.schedule(() -> {
            // Still pending after the timeout: resend under a new id (late acks of the old id are ignored).
            if (pending.remove(syncId) != null) {
                if (attempt < ackAttempts) {
                    attempt(frameType, body, done, attempt + 1);
                } else {
                    done.complete(false);
                }
            }
        }, ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
        pending.put(syncId, new PendingPush(done, timeout));
        write(ServerFrame.ackRequired(frameType, syncId, body));
    }

    /** An ACK (12) from the device. */
    void acknowledged(int syncId) {
        PendingPush p = pending.remove(syncId);
        if (p != null) {
            p.timeout.cancel(false);
            p.done.complete(true);
        }
    }

    @Override
    public void logout(String reason) {
        send(FrameType.ACK, new TimAck().setOk(true).setTimType((byte) FrameType.LOGOUT));
        close(CloseReason.CloseCodes.NORMAL_CLOSURE, reason);
    }

    void close(CloseReason.CloseCode code, String reason) {
        try {
            session.close(new CloseReason(code, reason));
        } catch (IOException e) {
            LOG.log(Level.FINE, "closing socket " + id, e);
        }
    }

    /** The socket is gone: every push still waiting counts as not delivered (it stays queued offline). */
    void closed() {
        open = false;
        synchronized (queue) {
            queue.clear();
        }
        pending.values().forEach(p -> {
            p.timeout.cancel(false);
            p.done.complete(false);
        });
        pending.clear();
    }

    private void write(byte[] frame) {
        synchronized (queue) {
            if (!open) {
                return;
            }
            if (writing) {
                if (queue.size() >= queueLimit) {
                    open = false;
                    LOG.warning(() -> "socket " + id + " is not reading; " + queueLimit + " frames queued, closing it");
                    scheduler.execute(() -> close(CloseReason.CloseCodes.TRY_AGAIN_LATER, "send queue full"));
                    return;
                }
                queue.add(frame);
                return;
            }
            writing = true;
        }
        transmit(frame);
    }

    private void transmit(byte[] frame) {
        try {
            session.getAsyncRemote().sendBinary(ByteBuffer.wrap(frame), this::sent);
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
        }
        // A new task keeps the stack flat when the container completes sends inline. If the executor refuses it,
        // the frame is sent from here: an exception thrown into the container's completion callback would be lost
        // and leave this socket's queue stalled for good, with nothing in any log.
        try {
            scheduler.execute(() -> transmit(next));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "socket " + id + ": send task refused, sending inline", e);
            transmit(next);
        }
    }

    private record PendingPush(CompletableFuture<Boolean> done, ScheduledFuture<?> timeout) {
    }
}
