package org.parley.interfaces.rest;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.parley.application.AccountAdministration;
import org.parley.application.AccountAdministration.AccountView;
import org.parley.application.HistoryExport;
import org.parley.application.RoomAdministration;

/**
 * {@code /api/admin/accounts}: an operator creates accounts, looks them up with their online devices, bans and
 * unbans them (tim's system block), sets their password, and deactivates them ({@code DELETE}); reads a user's
 * system messages and what waits for them offline, and discards the latter.
 */
@Tag(name = "Accounts")
@Path("admin/accounts")
@Produces(MediaType.APPLICATION_JSON)
public class AccountResource {

    @Inject
    AccountAdministration accounts;

    @Inject
    HistoryExport export;

    @Inject
    RoomAdministration rooms;

    @Context
    SecurityContext caller;

    /** {@code {name, password?, domain?}} → 201 {@code {node}}; without a password the account logs in by tokens only. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register an account, with or without a password")
    public Response create(JsonObject body, @Context UriInfo uri) {
        String node = accounts.create(operator(), JsonFields.text(body, "name"), JsonFields.text(body, "domain"),
                JsonFields.text(body, "password"));
        return Response.created(uri.getAbsolutePathBuilder().path(node).build())
                .entity(Json.createObjectBuilder().add("node", node).build()).build();
    }

    @GET
    @Path("{node}")
    @Operation(summary = "An account: created, banned, active, devices online")
    public JsonObject describe(@PathParam("node") String node) {
        AccountView view = accounts.describe(node);
        JsonObjectBuilder json = Json.createObjectBuilder().add("node", view.node())
                .add("created", view.created().toString()).add("banned", view.banned())
                .add("active", view.deactivated() == null).add("devices", SessionResource.devices(view.devices()));
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
    @Operation(summary = "Deactivate an account for good (logins refused, devices logged out)")
    public Response deactivate(@PathParam("node") String node) {
        accounts.deactivate(operator(), node);
        return Response.noContent().build();
    }

    /** {@code {password}}: a new password, no old one needed. */
    @PUT
    @Path("{node}/password")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set a new password")
    public Response password(@PathParam("node") String node, JsonObject body) {
        accounts.setPassword(operator(), node, JsonFields.text(body, "password"));
        return Response.noContent().build();
    }

    /** {@code {duration?}} (ISO-8601, e.g. {@code P7D}; none: until lifted) → {@code {node, bannedUntil?}}. */
    @POST
    @Path("{node}/ban")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Ban an account (tim's system block): devices logged out, logins refused")
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
    @Operation(summary = "Lift a ban")
    public Response unban(@PathParam("node") String node) {
        accounts.unban(operator(), node);
        return Response.noContent().build();
    }

    @GET
    @Path("{node}/system-messages")
    @Operation(summary = "A user's system messages, newest first, paged")
    public JsonObject system(@PathParam("node") String node, @QueryParam("before") @DefaultValue("0") long before,
                             @QueryParam("limit") @DefaultValue("100") int limit) {
        return HistoryResource.page(export.system(node, before, limit));
    }

    /** The oldest messages waiting for the user, one offline batch's worth. */
    @GET
    @Path("{node}/offline")
    @Operation(summary = "What waits for a user (one offline batch)")
    public JsonObject waiting(@PathParam("node") String node) {
        return Json.createObjectBuilder().add("messages", MessageJson.list(export.waiting(node))).build();
    }

    /** Discards everything waiting for the user → {@code {discarded}}. */
    @DELETE
    @Path("{node}/offline")
    @Operation(summary = "Discard everything waiting for a user")
    public JsonObject discard(@PathParam("node") String node) {
        return Json.createObjectBuilder()
                .add("discarded", export.discardWaiting(caller.getUserPrincipal().getName(), node)).build();
    }

    /** {@code {node, friends, blocked, rooms}}: the user's roster, block list and rooms. */
    @GET
    @Path("{node}/roster")
    @Operation(summary = "A user's friends, blocked users and rooms")
    public JsonObject roster(@PathParam("node") String node) {
        RoomAdministration.RosterView r = rooms.roster(node);
        return Json.createObjectBuilder().add("node", r.node()).add("friends", Json.createArrayBuilder(r.friends()))
                .add("blocked", Json.createArrayBuilder(r.blocked())).add("rooms", Json.createArrayBuilder(r.rooms()))
                .build();
    }

    private String operator() {
        return caller.getUserPrincipal().getName();
    }
}
