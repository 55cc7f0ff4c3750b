package org.parley.application;

import jakarta.ejb.ApplicationException;
import org.parley.protocol.ErrorCode;

/** A request refused with one of tim's error codes. Nothing was changed. */
@ApplicationException
public class TimFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    public TimFailure(ErrorCode code) {
        super(code.code() + " " + code.info(), null, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
