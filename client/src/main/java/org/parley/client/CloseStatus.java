package org.parley.client;

/**
 * How a connection ended.
 *
 * @param code the WebSocket close code: the server's, or 1006 ({@link #ABNORMAL}) when the
 *     connection broke or was aborted without a close handshake
 * @param reason the close reason, or a description of the failure; never {@code null}
 * @param requested whether this client asked for the close ({@link TimClient#close()},
 *     {@link TimClient#closeAsync()} or {@link TimClient#abort()})
 */
public record CloseStatus(int code, String reason, boolean requested) {

    /** RFC 6455 "normal closure". */
    public static final int NORMAL = 1000;
    /** RFC 6455 "abnormal closure": no close frame was received. */
    public static final int ABNORMAL = 1006;

    public CloseStatus {
        reason = reason == null ? "" : reason;
    }
}
