package org.parley.interfaces.rest;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.parley.infrastructure.config.ParleyConfig;

/** Lets a request through only with {@code Authorization: Bearer <parley.admin.token>}. */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class AdminAuthorization implements ContainerRequestFilter {

    @Inject
    ParleyConfig config;

    @Override
    public void filter(ContainerRequestContext request) {
        Optional<String> token = config.adminToken();
        if (token.isEmpty()) {
            request.abortWith(refuse(Response.Status.FORBIDDEN, "the admin API is disabled: set parley.admin.token"));
            return;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        String expected = "Bearer " + token.get();
        // Constant-time comparison: the token is a password.
        if (header == null || !MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8))) {
            request.abortWith(refuse(Response.Status.UNAUTHORIZED, "missing or wrong bearer token"));
        }
    }

    private static Response refuse(Response.Status status, String message) {
        return new Problem(status.getStatusCode(), message).response();
    }
}
