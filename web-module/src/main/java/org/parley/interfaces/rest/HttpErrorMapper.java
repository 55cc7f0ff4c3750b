package org.parley.interfaces.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * The JAX-RS runtime's own refusals (unknown path 404, wrong method 405, unsupported media type 415, a body that is
 * not JSON 400, ...) and the resources' {@code NotFoundException}s as problem documents with the same status,
 * instead of the container's HTML error page.
 */
@Provider
public class HttpErrorMapper implements ExceptionMapper<WebApplicationException> {

    @Override
    public Response toResponse(WebApplicationException e) {
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (status >= 500) {
            return UnexpectedFailureMapper.failure(e);
        }
        return new Problem(status, e.getMessage()).response();
    }
}
