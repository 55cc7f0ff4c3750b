package org.parley.client;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * One message-oriented connection, the seam between {@link TimClient} and the network: the real
 * one is {@link JdkWebSocketTransport}, tests use a recording fake.
 *
 * <p>Implementations must be thread-safe, must keep sends in call order, and must report the end
 * of the connection exactly once through {@link Receiver#onClosed}.
 */
interface Transport {

    /** Sends one complete binary message; completes when it has been written. */
    CompletableFuture<Void> send(byte[] message);

    /**
     * Starts a close handshake after the pending sends; the connection counts as closed when
     * {@link Receiver#onClosed} is called (at the latest after a bounded wait, by aborting).
     */
    void close(int code, String reason);

    /** Drops the connection at once, without a handshake; reports {@link CloseStatus#ABNORMAL}. */
    void abort();

    /** Inbound side; called by one thread at a time, in order. */
    interface Receiver {

        /**
         * One complete inbound message (already reassembled if it came in parts).
         *
         * @param from the transport it arrived on, for answering (e.g. acks) even before the
         *     {@link Factory#open} future has completed
         */
        void onMessage(Transport from, byte[] message);

        /** The connection ended; called once. */
        void onClosed(int code, String reason);
    }

    /** Opens connections. */
    @FunctionalInterface
    interface Factory {

        /**
         * Connects to {@code uri}; the future fails if the connection cannot be opened within
         * {@code timeout}. {@code receiver} may get messages before the future completes.
         */
        CompletableFuture<Transport> open(URI uri, String origin, Duration timeout, Receiver receiver);
    }
}
