package org.parley.protocol;

/**
 * Input that does not follow the wire format: a truncated or garbled body, an impossible length,
 * a malformed frame. Thrown only while reading bytes that came from the other side; mistakes made
 * by the calling code surface as the usual {@link IllegalArgumentException} and friends.
 */
public class ProtocolException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ProtocolException(String message) {
        super(message);
    }

    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
