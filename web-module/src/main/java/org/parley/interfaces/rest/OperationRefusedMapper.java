package org.parley.interfaces.rest;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.parley.application.OperationRefused;

/**
 * A refused admin operation: 404 when what it names does not exist, 409 when another operation is in the way, 400
 * for bad input; the reason as detail.
 */
@Provider
public class OperationRefusedMapper implements ExceptionMapper<OperationRefused> {

    @Override
    public Response toResponse(OperationRefused e) {
        Response.Status status = e.notFound() ? Response.Status.NOT_FOUND
                : e.conflict() ? Response.Status.CONFLICT : Response.Status.BAD_REQUEST;
        return new Problem(status.getStatusCode(), e.getMessage()).response();
    }
}
