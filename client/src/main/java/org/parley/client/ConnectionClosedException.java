package org.parley.client;

/**
 * A request could not be sent, or its answer not received, because the connection is not open or
 * closed while waiting.
 */
public class ConnectionClosedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final transient CloseStatus status;

    public ConnectionClosedException(String message, CloseStatus status) {
        super(status == null ? message : message + " (" + status.code() + " " + status.reason() + ")");
        this.status = status;
    }

    /** How the connection ended; {@code null} if it was never open. */
    public CloseStatus status() {
        return status;
    }
}
