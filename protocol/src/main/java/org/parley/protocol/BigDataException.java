package org.parley.protocol;

/**
 * A big-data frame (§5.15) that cannot be accepted, with the reason, so the server can answer as v2
 * does: {@code TimAck{ok=false, timType=96, error=4114}} for {@link Reason#LENGTH_MISMATCH} and
 * {@link Reason#TOO_SHORT}, nothing for {@link Reason#NO_SEPARATOR}.
 */
public final class BigDataException extends ProtocolException {

    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** The length prefix is smaller than the WebSocket message (v2: 4114). */
        LENGTH_MISMATCH,
        /** The frame is shorter than 6 bytes (v2: 4114). */
        TOO_SHORT,
        /** The frame, or its declared length, exceeds the configured maximum. */
        TOO_LARGE,
        /** No separator after the node (v2 drops such a frame silently). */
        NO_SEPARATOR
    }

    private final Reason reason;

    public BigDataException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
