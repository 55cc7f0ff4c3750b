package org.parley.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link Transport} over the JDK's {@link WebSocket}.
 *
 * <ul>
 * <li>Inbound binary messages may arrive in parts; they are collected until the last part and then
 * handed on whole. One message is requested at a time, after the previous one has been handled.
 * <li>The JDK allows only one outstanding send, so sends (and the close) are chained, each
 * starting when the previous one has finished, successfully or not.
 * <li>Control pings are answered by the JDK itself.
 * <li>The JDK's WebSocket sometimes fails to notice that the server closed the TCP connection
 * without a close frame (reproduced on JDK 17 and 25, a few percent of abrupt closes: the socket
 * sits in CLOSE_WAIT and no listener method is called). To detect such connections, a WebSocket
 * control ping, which tim's protocol never sees, is sent every {@code probeInterval}; once the
 * peer has gone, the second such write fails and the connection is reported closed
 * ({@link CloseStatus#ABNORMAL}). Normal inbound traffic is not affected by the JDK problem.
 * </ul>
 */
final class JdkWebSocketTransport implements Transport, WebSocket.Listener {

    private static final System.Logger LOG = System.getLogger(JdkWebSocketTransport.class.getName());

    /** How long a requested close may wait for the server's close frame before aborting. */
    static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final Receiver receiver;
    private final Duration probeInterval;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean pingInFlight = new AtomicBoolean();
    /** Set once this side starts closing: the probe stops, so it cannot spoil the handshake. */
    private volatile boolean closing;
    private volatile ScheduledFuture<?> probe;
    private final Object sendLock = new Object();
    /** The last send in the chain; guarded by {@code sendLock}. */
    private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);
    private volatile WebSocket webSocket;

    // Receive side: the JDK calls the listener methods one at a time.
    private ByteArrayOutputStream binaryParts;
    private StringBuilder textParts;

    private JdkWebSocketTransport(Receiver receiver, Duration probeInterval) {
        this.receiver = receiver;
        this.probeInterval = probeInterval;
    }

    /**
     * A factory that opens WebSockets with {@code client}.
     *
     * @param probeInterval how often to probe the connection with a control ping; zero for never
     */
    static Factory factory(HttpClient client, Duration probeInterval) {
        return (uri, origin, timeout, receiver) -> open(client, uri, origin, timeout, receiver, probeInterval);
    }

    static CompletableFuture<Transport> open(HttpClient client, URI uri, String origin, Duration timeout,
                                             Receiver receiver, Duration probeInterval) {
        JdkWebSocketTransport transport = new JdkWebSocketTransport(receiver, probeInterval);
        WebSocket.Builder builder = client.newWebSocketBuilder().connectTimeout(timeout);
        if (origin != null) {
            builder.header("Origin", origin);
        }
        return builder.buildAsync(uri, transport).thenApply(ws -> {
            transport.webSocket = ws;
            return transport;
        });
    }

    @Override
    public CompletableFuture<Void> send(byte[] message) {
        synchronized (sendLock) {
            if (closed.get()) {
                return CompletableFuture.failedFuture(new IOException("WebSocket closed"));
            }
            CompletableFuture<Void> next = tail.handle((r, e) -> null)
                    .thenCompose(x -> webSocket.sendBinary(ByteBuffer.wrap(message), true))
                    .thenApply(ws -> null);
            tail = next;
            next.whenComplete((r, e) -> {
                if (e != null && !closing && !closed.get()) {
                    fail("connection lost: " + e); // a write failed: the connection is gone
                }
            });
            return next;
        }
    }

    @Override
    public void close(int code, String reason) {
        closing = true;
        CompletableFuture<?> sent;
        synchronized (sendLock) {
            if (closed.get()) {
                return;
            }
            sent = tail.handle((r, e) -> null)
                    .thenCompose(x -> webSocket.sendClose(code, reason == null ? "" : reason));
            tail = sent;
        }
        sent.whenComplete((r, e) -> {
            if (e != null) {
                abort();
            }
        });
        CompletableFuture.delayedExecutor(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
            if (!closed.get()) {
                LOG.log(System.Logger.Level.DEBUG, "no close frame from the server, aborting");
                abort();
            }
        });
    }

    @Override
    public void abort() {
        fail("aborted");
    }

    private void fail(String reason) {
        closing = true;
        WebSocket ws = webSocket;
        if (ws != null) {
            ws.abort();
        }
        reportClosed(CloseStatus.ABNORMAL, reason);
    }

    private void reportClosed(int code, String reason) {
        if (closed.compareAndSet(false, true)) {
            ScheduledFuture<?> p = probe;
            if (p != null) {
                p.cancel(false);
            }
            receiver.onClosed(code, reason);
        }
    }

    /** Sends a control ping; a failed write means the connection is gone. */
    private void probe() {
        WebSocket ws = webSocket;
        if (closing || closed.get() || ws == null || !pingInFlight.compareAndSet(false, true)) {
            return;
        }
        CompletableFuture<WebSocket> ping;
        try {
            ping = ws.sendPing(EMPTY.duplicate());
        } catch (RuntimeException e) {
            pingInFlight.set(false);
            return;
        }
        ping.whenComplete((w, e) -> {
            pingInFlight.set(false);
            if (e != null && !closing && !closed.get()) {
                LOG.log(System.Logger.Level.DEBUG, "connection probe failed: {0}", e.toString());
                fail("connection lost: " + e);
            }
        });
    }

    // --- WebSocket.Listener ---

    @Override
    public void onOpen(WebSocket ws) {
        webSocket = ws;
        if (!probeInterval.isZero()) {
            probe = Scheduler.every(probeInterval, this::probe);
        }
        ws.request(1);
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
        if (last && binaryParts == null) {
            byte[] message = new byte[data.remaining()];
            data.get(message);
            deliver(message);
        } else {
            if (binaryParts == null) {
                binaryParts = new ByteArrayOutputStream(Math.max(256, data.remaining() * 2));
            }
            byte[] part = new byte[data.remaining()];
            data.get(part);
            binaryParts.writeBytes(part);
            if (last) {
                byte[] message = binaryParts.toByteArray();
                binaryParts = null;
                deliver(message);
            }
        }
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        // tim servers send binary frames only (§1.3); a text frame is handed on as its UTF-8 bytes.
        if (textParts == null) {
            textParts = new StringBuilder();
        }
        textParts.append(data);
        if (last) {
            String text = textParts.toString();
            textParts = null;
            LOG.log(System.Logger.Level.WARNING, "server sent a text WebSocket message ({0} chars)", text.length());
            deliver(text.getBytes(StandardCharsets.UTF_8));
        }
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket ws, ByteBuffer message) {
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        reportClosed(statusCode, reason);
        return null; // the JDK answers with a close frame
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        reportClosed(CloseStatus.ABNORMAL, String.valueOf(error));
    }

    private void deliver(byte[] message) {
        if (closed.get()) {
            return;
        }
        try {
            receiver.onMessage(this, message);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "inbound message handler failed", e);
        }
    }
}
