package org.parley.interfaces.rest;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.parley.application.TimFailure;
import org.parley.protocol.ErrorCode;

/**
 * tim's rules refusing what an operator asked on a user's behalf (a message to a non-friend, to a room the user is
 * not in): 409 when the relations forbid it, 404 for an unknown account, 429 for a spent limit, 503 when the node is
 * overloaded, 400 otherwise; the tim code and text as the detail.
 */
@Provider
public class TimFailureMapper implements ExceptionMapper<TimFailure> {

    @Override
    public Response toResponse(TimFailure e) {
        ErrorCode code = e.code();
        int status = switch (code) {
            case PERMISSION_DENIED, BLOCKED_OBJECT, CANCELLED_OBJECT -> 409;
            case FREQ_OUT_OF_LIMIT -> 429;
            case ACCOUNT_INCORRECT, NOT_EXIST_OBJECT -> 404;
            case HEAVY_LOAD, DATABASE_ERROR, BLOCKING_OPERATION -> 503;
            default -> 400;
        };
        return new Problem(status, "tim " + code.code() + " " + code.info()).response();
    }
}
