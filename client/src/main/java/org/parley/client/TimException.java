package org.parley.client;

import org.parley.protocol.ErrorCode;
import org.parley.protocol.TimAck;
import org.parley.protocol.TimError;

/**
 * A request that the server answered with {@code TimAck{ok=false}}: carries tim's error code
 * (e.g. 4101 "has exist", 4105 "permission denied", see {@link ErrorCode}) and the server's text.
 */
public class TimException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int code;
    private final String info;
    private final transient TimAck ack;

    /**
     * @param code tim's error code, 0 if the server sent none
     * @param info the server's error text, may be {@code null}
     */
    public TimException(int code, String info) {
        this(code, info, null);
    }

    private TimException(int code, String info, TimAck ack) {
        super(describe(code, info, ack));
        this.code = code;
        this.info = info;
        this.ack = ack;
    }

    /** The exception for a failed ack; its code is 0 if the ack carries no {@code error}. */
    public static TimException of(TimAck ack) {
        TimError error = ack.getError();
        int code = error == null || error.getCode() == null ? 0 : error.getCode();
        return new TimException(code, error == null ? null : error.getInfo(), ack);
    }

    /** tim's error code, 0 if the server sent none. */
    public int code() {
        return code;
    }

    /** The server's error text; {@code null} if it sent none. */
    public String info() {
        return info;
    }

    /** The failed ack this exception was made from, if any. */
    public TimAck ack() {
        return ack;
    }

    private static String describe(int code, String info, TimAck ack) {
        StringBuilder s = new StringBuilder("tim error ").append(code);
        if (info != null) {
            s.append(" \"").append(info).append('"');
        }
        if (ack != null && ack.getTimType() != null) {
            s.append(" (timType ").append(ack.getTimType()).append(')');
        }
        return s.toString();
    }
}
