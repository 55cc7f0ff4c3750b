package org.parley.interfaces.rest;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.parley.application.HistoryExport;
import org.parley.application.RoomAdministration;
import org.parley.application.RoomAdministration.RoomView;

/**
 * {@code GET /api/admin/rooms/{room}}: a room with its founder, kind, members, managers and blocked users; {@code
 * GET /api/admin/rooms/{room}/messages}: its history, paged as {@link HistoryResource} pages.
 */
@Tag(name = "Rooms")
@Path("admin/rooms")
@Produces(MediaType.APPLICATION_JSON)
public class RoomResource {

    @Inject
    RoomAdministration rooms;

    @Inject
    HistoryExport export;

    @GET
    @Path("{room}")
    @Operation(summary = "A room: founder, kind, created, cancelled, members, managers, blocked users")
    public JsonObject room(@PathParam("room") String node) {
        RoomView r = rooms.room(node);
        return Json.createObjectBuilder().add("node", r.node()).add("founder", r.founder()).add("open", r.open())
                .add("created", r.created().toString()).add("cancelled", r.cancelled())
                .add("members", Json.createArrayBuilder(r.members())).add("managers", Json.createArrayBuilder(r.managers()))
                .add("blocked", Json.createArrayBuilder(r.blocked())).build();
    }

    @GET
    @Path("{room}/messages")
    @Operation(summary = "A room's history, newest first, paged")
    public JsonObject room(@PathParam("room") String room, @QueryParam("before") @DefaultValue("0") long before,
                           @QueryParam("limit") @DefaultValue("100") int limit) {
        return HistoryResource.page(export.room(room, before, limit));
    }
}
