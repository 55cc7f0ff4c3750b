package org.parley.interfaces.rest;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.parley.application.Quota;
import org.parley.application.Quotas;
import org.parley.infrastructure.config.ParleyConfig;

/**
 * Admits to {@code /api} only operators: a user of the server's own realm ({@code Authorization: Basic}, checked by
 * the container through {@link HttpServletRequest#login}, roles from the realm's groups as payara-web.xml maps them),
 * or a named API token ({@code Authorization: Bearer}, {@link ApiTokens}). The operator becomes the request's
 * {@link SecurityContext}. Auditors read ({@code GET}, {@code HEAD}); every other method needs the admin role (403).
 * A refusal does not say which part was wrong. Failures count against the address's budget of failed logins
 * ({@code parley.limit.auth-failures-per-address}); once it is spent, Basic logins from the address get 429 until it
 * refills (API tokens cannot be guessed and still work).
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class OperatorAuthentication implements ContainerRequestFilter {

    private static final Logger LOG = Logger.getLogger(OperatorAuthentication.class.getName());
    private static final String CHALLENGE = "Bearer realm=\"parley\", Basic realm=\"parley\"";

    @Inject
    ParleyConfig config;

    @Inject
    Quotas quotas;

    @Context
    HttpServletRequest servletRequest;

    private volatile ApiTokens tokens;

    @Override
    public void filter(ContainerRequestContext request) {
        String address = servletRequest.getRemoteAddr();
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        // Passwords can be guessed, so Basic logins stop once the address has failed too often; API tokens are
        // random and long, so a valid one gets in even from an address that others use to guess.
        if (isBasic(header) && quotas.exhausted(Quota.AUTH_FAILURES_PER_ADDRESS, address)) {
            request.abortWith(new Problem(429, "too many failed attempts from this address; try again later").response());
            return;
        }
        Optional<Operator> operator;
        try {
            operator = authenticate(header);
        } catch (IllegalArgumentException e) {
            LOG.severe(e.getMessage());
            request.abortWith(new Problem(503, "the API's credentials are misconfigured on this node").response());
            return;
        }
        if (operator.isEmpty()) {
            if (header != null) { // a request without credentials guessed nothing
                quotas.take(Quota.AUTH_FAILURES_PER_ADDRESS, address);
            }
            request.abortWith(Response.fromResponse(new Problem(401, "credentials missing or not accepted").response())
                    .header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE).build());
            return;
        }
        Operator who = operator.get();
        boolean reads = "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
        if (!who.roles().contains(Operator.ADMIN) && !reads) {
            request.abortWith(new Problem(403, "this operator may read, not change").response());
            return;
        }
        boolean secure = request.getSecurityContext().isSecure();
        request.setSecurityContext(new SecurityContext() {
            @Override
            public Operator getUserPrincipal() {
                return who;
            }

            @Override
            public boolean isUserInRole(String role) {
                return who.roles().contains(role);
            }

            @Override
            public boolean isSecure() {
                return secure;
            }

            @Override
            public String getAuthenticationScheme() {
                return "PARLEY";
            }
        });
    }

    private Optional<Operator> authenticate(String header) {
        if (header == null) {
            return Optional.empty();
        }
        if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return tokens().match(header.substring(7).trim());
        }
        if (isBasic(header)) {
            return realmUser(header.substring(6).trim());
        }
        return Optional.empty();
    }

    private static boolean isBasic(String header) {
        return header != null && header.regionMatches(true, 0, "Basic ", 0, 6);
    }

    /** A user of the container's realm, with the Parley roles its groups map to; none of them: not an operator. */
    private Optional<Operator> realmUser(String credentials) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        String user = decoded.substring(0, colon);
        try {
            servletRequest.login(user, decoded.substring(colon + 1));
        } catch (ServletException e) {
            LOG.log(Level.FINE, "realm login refused", e);
            return Optional.empty();
        }
        try {
            Set<String> roles = new HashSet<>();
            for (String role : Set.of(Operator.ADMIN, Operator.AUDITOR)) {
                if (servletRequest.isUserInRole(role)) {
                    roles.add(role);
                }
            }
            return roles.isEmpty() ? Optional.empty() : Optional.of(new Operator(user, Set.copyOf(roles)));
        } finally {
            try {
                servletRequest.logout();
            } catch (ServletException e) {
                LOG.log(Level.FINE, "realm logout", e);
            }
        }
    }

    private ApiTokens tokens() {
        ApiTokens t = tokens;
        if (t == null) {
            t = ApiTokens.parse(config.apiTokens(), config.adminToken());
            tokens = t;
        }
        return t;
    }
}
