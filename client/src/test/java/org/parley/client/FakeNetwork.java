package org.parley.client;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link Transport.Factory} whose connections are in-memory: the test plays the server, sees every
 * message the client sends, and can fail connection attempts.
 */
final class FakeNetwork implements Transport.Factory {

    /** Shared, ordered record of what happened, e.g. {@code "sent 0c00000005"}, {@code "frame MESSAGE"}. */
    final List<String> log = Collections.synchronizedList(new ArrayList<>());
    final BlockingQueue<FakeTransport> opened = new LinkedBlockingQueue<>();
    final AtomicInteger attempts = new AtomicInteger();
    /** Connection attempts still to fail. */
    final AtomicInteger failNext = new AtomicInteger();
    volatile URI lastUri;
    volatile String lastOrigin;

    @Override
    public CompletableFuture<Transport> open(URI uri, String origin, Duration timeout, Transport.Receiver receiver) {
        attempts.incrementAndGet();
        lastUri = uri;
        lastOrigin = origin;
        if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return CompletableFuture.failedFuture(new IOException("connection refused (fake)"));
        }
        FakeTransport t = new FakeTransport(receiver, log);
        opened.add(t);
        return CompletableFuture.completedFuture(t);
    }

    /** The next connection opened, waiting up to 5 s. */
    FakeTransport nextConnection() throws InterruptedException {
        FakeTransport t = opened.poll(5, TimeUnit.SECONDS);
        if (t == null) {
            throw new AssertionError("no connection was opened");
        }
        return t;
    }

    static final class FakeTransport implements Transport {
        private final Receiver receiver;
        private final List<String> log;
        final BlockingQueue<byte[]> sent = new LinkedBlockingQueue<>();
        private boolean closed;
        volatile Integer closeCode;
        volatile boolean aborted;

        FakeTransport(Receiver receiver, List<String> log) {
            this.receiver = receiver;
            this.log = log;
        }

        @Override
        public synchronized CompletableFuture<Void> send(byte[] message) {
            if (closed) {
                return CompletableFuture.failedFuture(new IOException("closed"));
            }
            log.add("sent " + HexFormat.of().formatHex(message));
            sent.add(message.clone());
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void close(int code, String reason) {
            closeCode = code;
            log.add("close " + code);
            serverClose(code, reason); // the server echoes the close at once
        }

        @Override
        public void abort() {
            aborted = true;
            serverClose(CloseStatus.ABNORMAL, "aborted");
        }

        /** The server sends {@code message}. */
        void deliver(byte[] message) {
            receiver.onMessage(this, message);
        }

        /** The connection ends from the server's side (reported once). */
        void serverClose(int code, String reason) {
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
            }
            receiver.onClosed(code, reason);
        }

        /** The next message the client sent, waiting up to 5 s. */
        byte[] nextSent() throws InterruptedException {
            byte[] m = sent.poll(5, TimeUnit.SECONDS);
            if (m == null) {
                throw new AssertionError("the client sent nothing");
            }
            return m;
        }

        /** Everything sent so far, removing it. */
        List<byte[]> drainSent() {
            List<byte[]> all = new ArrayList<>();
            sent.drainTo(all);
            return all;
        }
    }
}
