package org.parley.application;

import jakarta.ejb.ApplicationException;
import org.parley.protocol.ErrorCode;

/** A request refused with one of tim's error codes. Nothing was changed. */
@ApplicationException
public class TimFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final Long t;
    private final String n;
    private final String n2;

    /** tim's generic error: only the code (and the request's frame type) go back. */
    public TimFailure(ErrorCode code) {
        this(code, null, null, null);
    }

    /**
     * tim's specific error for a BUSINESS/VROOM/... request: the ack also names the request ({@code t}, usually
     * the rtype) and its nodes, so the client can tell which request failed.
     */
    public TimFailure(ErrorCode code, Long t, String n, String n2) {
        super(code.code() + " " + code.info(), null, false, false);
        this.code = code;
        this.t = t;
        this.n = n;
        this.n2 = n2;
    }

    public ErrorCode code() {
        return code;
    }

    public Long t() {
        return t;
    }

    public String n() {
        return n;
    }

    public String n2() {
        return n2;
    }
}
