package org.parley.interfaces.rest;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.parley.application.AccountAdministration;
import org.parley.application.AccountAdministration.IssuedToken;
import org.parley.infrastructure.config.ParleyConfig;

/**
 * {@code POST /api/admin/tokens} {@code {name, domain?}} or {@code {node}} → {@code {token, node, expiresAt}}: a
 * login token for an account of an external account system, so an enterprise's own sign-in starts Parley sessions.
 * With {@code parley.api.tokens-create-accounts}, a name not registered yet is registered on first use.
 */
@Tag(name = "Accounts")
@Path("admin/tokens")
@Produces(MediaType.APPLICATION_JSON)
public class TokenResource {

    @Inject
    AccountAdministration accounts;

    @Inject
    ParleyConfig config;

    @Context
    SecurityContext caller;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "A login token for an account, for your own sign-in")
    public JsonObject issue(JsonObject body) {
        IssuedToken issued = accounts.issueToken(caller.getUserPrincipal().getName(), JsonFields.text(body, "name"),
                JsonFields.text(body, "domain"), JsonFields.text(body, "node"), config.apiTokensCreateAccounts());
        // The token as text and as a number, as /tim2 gives it (JavaScript reads numbers below 2^53 exactly).
        return Json.createObjectBuilder().add("token", Long.toString(issued.token())).add("t", issued.token())
                .add("node", issued.node()).add("expiresAt", issued.expiresAt().toString()).build();
    }
}
