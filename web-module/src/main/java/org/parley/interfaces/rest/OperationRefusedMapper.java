package org.parley.interfaces.rest;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.parley.application.OperationRefused;

/** A refused admin operation: 409 when another operation is in the way, 400 for bad input; the reason as text. */
@Provider
public class OperationRefusedMapper implements ExceptionMapper<OperationRefused> {

    @Override
    public Response toResponse(OperationRefused e) {
        return Response.status(e.conflict() ? Response.Status.CONFLICT : Response.Status.BAD_REQUEST)
                .type(MediaType.TEXT_PLAIN).entity(e.getMessage()).build();
    }
}
