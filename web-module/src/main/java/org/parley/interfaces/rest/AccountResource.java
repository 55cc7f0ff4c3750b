package org.parley.interfaces.rest;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import org.parley.application.AccountAdministration;
import org.parley.application.AccountAdministration.AccountView;
import org.parley.domain.DeviceRecord;

/**
 * {@code /api/admin/accounts}: an operator creates accounts, looks them up with their online devices, bans and
 * unbans them (tim's system block), sets their password, and deactivates them ({@code DELETE}).
 */
@Path("admin/accounts")
@Produces(MediaType.APPLICATION_JSON)
public class AccountResource {

    @Inject
    AccountAdministration accounts;

    @Context
    SecurityContext caller;

    /** {@code {name, password?, domain?}} → 201 {@code {node}}; without a password the account logs in by tokens only. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(JsonObject body, @Context UriInfo uri) {
        String node = accounts.create(operator(), JsonFields.text(body, "name"), JsonFields.text(body, "domain"),
                JsonFields.text(body, "password"));
        return Response.created(uri.getAbsolutePathBuilder().path(node).build())
                .entity(Json.createObjectBuilder().add("node", node).build()).build();
    }

    @GET
    @Path("{node}")
    public JsonObject describe(@PathParam("node") String node) {
        AccountView view = accounts.describe(node);
        JsonArrayBuilder devices = Json.createArrayBuilder();
        for (DeviceRecord d : view.devices()) {
            devices.add(Json.createObjectBuilder().add("member", d.member()).add("connection", d.connection())
                    .add("termtyp", d.termtyp()).add("resource", d.resource() == null ? "" : d.resource())
                    .add("since", Instant.ofEpochSecond(0, d.loginNanos()).toString()));
        }
        JsonObjectBuilder json = Json.createObjectBuilder().add("node", view.node())
                .add("created", view.created().toString()).add("banned", view.banned())
                .add("active", view.deactivated() == null).add("devices", devices);
        if (view.bannedUntil() != null) {
            json.add("bannedUntil", view.bannedUntil().toString());
        }
        if (view.deactivated() != null) {
            json.add("deactivated", view.deactivated().toString());
        }
        return json.build();
    }

    /** Deactivates the account: logins refused for good, devices logged out, the name stays taken. */
    @DELETE
    @Path("{node}")
    public Response deactivate(@PathParam("node") String node) {
        accounts.deactivate(operator(), node);
        return Response.noContent().build();
    }

    /** {@code {password}}: a new password, no old one needed. */
    @PUT
    @Path("{node}/password")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response password(@PathParam("node") String node, JsonObject body) {
        accounts.setPassword(operator(), node, JsonFields.text(body, "password"));
        return Response.noContent().build();
    }

    /** {@code {duration?}} (ISO-8601, e.g. {@code P7D}; none: until lifted) → {@code {node, bannedUntil?}}. */
    @POST
    @Path("{node}/ban")
    @Consumes(MediaType.APPLICATION_JSON)
    public JsonObject ban(@PathParam("node") String node, JsonObject body) {
        Instant until = accounts.ban(operator(), node, JsonFields.duration(body, "duration"));
        JsonObjectBuilder json = Json.createObjectBuilder().add("node", node);
        if (until != null) {
            json.add("bannedUntil", until.toString());
        }
        return json.build();
    }

    @POST
    @Path("{node}/unban")
    public Response unban(@PathParam("node") String node) {
        accounts.unban(operator(), node);
        return Response.noContent().build();
    }

    private String operator() {
        return caller.getUserPrincipal().getName();
    }
}
