package org.parley.interfaces.rest;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Anything else a resource throws is the server's fault, not the caller's: 500 with a problem document that says
 * nothing of the cause, and the cause in the node's log. Input a caller got wrong never arrives here: bodies are read
 * by {@link JsonBodyReader}, and resources refuse bad values with {@code OperationRefused} or a 4xx exception.
 */
@Provider
public class UnexpectedFailureMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(UnexpectedFailureMapper.class.getName());

    @Override
    public Response toResponse(Throwable e) {
        return failure(e);
    }

    static Response failure(Throwable e) {
        LOG.log(Level.WARNING, "admin API request failed", e);
        return new Problem(500, "the request failed on the server; its log has the cause").response();
    }
}
