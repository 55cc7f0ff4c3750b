package org.parley.client;

import org.parley.protocol.TimAck;

/**
 * Receives a {@link TimClient}'s events. All methods have empty defaults.
 *
 * <p>Methods are called on the client's receive thread, one at a time and in arrival order. They
 * must return quickly and must not block on the client (e.g. by joining a request future), because
 * no further frame is read while a callback runs. Exceptions thrown by a callback are logged and
 * otherwise ignored.
 */
public interface TimListener {

    /**
     * Every frame received, after it has been acknowledged (when the client acks automatically) and
     * decoded; including frames that also answer a pending request such as a login.
     */
    default void onFrame(Inbound frame) {
    }

    /**
     * The connection ended. Not called when a connection attempt fails (the {@code connect()}
     * future fails instead; during automatic reconnection, {@link #onError} is called).
     *
     * @param status the close code and reason
     * @param reconnecting whether the client will try to reconnect automatically
     */
    default void onClose(CloseStatus status, boolean reconnecting) {
    }

    /**
     * An automatic reconnection opened a new connection and repeated the last login.
     *
     * @param authAck the answer to the repeated login, {@code null} if there had been no login. If
     *     it is not ok, the client stops reconnecting and closes the new connection.
     */
    default void onReconnect(TimAck authAck) {
    }

    /**
     * A problem that belongs to no request: a frame that could not be decoded, a failed
     * reconnection attempt (the client keeps trying unless the failure is permanent).
     */
    default void onError(Throwable error) {
    }
}
