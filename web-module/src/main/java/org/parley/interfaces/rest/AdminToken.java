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

/**
 * Guards every {@code /api/admin} request: 404 while {@code parley.admin.token} is unset (the API does not exist),
 * 401 without {@code Authorization: Bearer <token>} matching it.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class AdminToken implements ContainerRequestFilter {

    private static final String BEARER = "Bearer ";

    @Inject
    ParleyConfig config;

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!(path.startsWith("admin") || path.startsWith("/admin"))) {
            return;
        }
        Optional<String> expected = config.adminToken();
        if (expected.isEmpty()) {
            request.abortWith(Response.status(Response.Status.NOT_FOUND).build());
            return;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        String given = header != null && header.startsWith(BEARER) ? header.substring(BEARER.length()).trim() : "";
        // Constant-time comparison: response timing must not reveal how much of a guess was right.
        if (!MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.get().getBytes(StandardCharsets.UTF_8))) {
            request.abortWith(Response.status(Response.Status.UNAUTHORIZED)
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build());
        }
    }
}
