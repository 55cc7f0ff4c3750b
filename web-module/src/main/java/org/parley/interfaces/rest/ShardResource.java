package org.parley.interfaces.rest;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.parley.application.AuditTrail;
import org.parley.application.OperationRefused;
import org.parley.infrastructure.persistence.ShardMap;
import org.parley.infrastructure.persistence.ShardMapStore;
import org.parley.infrastructure.persistence.ShardMapSync;
import org.parley.infrastructure.persistence.ShardMoveService;
import org.parley.infrastructure.persistence.ShardMoveService.MoveStatus;
import org.parley.infrastructure.persistence.ShardResolver;

/**
 * The storage layout and online expansion:
 * <ul>
 * <li>{@code GET /api/admin/shards}: the map this node serves (version, slot ranges per shard), every durable
 * version, the moves, and the slot range frozen right now, if any;</li>
 * <li>{@code POST /api/admin/shards/moves} with {@code {"firstSlot":0,"lastSlot":1023,"target":"shard2"}}: starts
 * moving a slot range to a shard (202 with the move; 400 for bad input or a data source that does not exist, 409
 * while another move or a key rotation runs);</li>
 * <li>{@code GET /api/admin/shards/moves/{id}}: one move's progress;</li>
 * <li>{@code POST /api/admin/shards/moves/{id}/resume} and {@code .../rollback}: after a node died mid-move or the
 * move failed (or, for rollback, after it finished).</li>
 * </ul>
 */
@Tag(name = "Shards")
@Path("admin/shards")
@Produces(MediaType.APPLICATION_JSON)
public class ShardResource {

    @Inject
    ShardResolver resolver;

    @Inject
    ShardMapStore store;

    @Inject
    ShardMoveService moves;

    @Inject
    ShardMapSync sync;

    @Inject
    AuditTrail audit;

    @Context
    SecurityContext caller;

    @GET
    @Operation(summary = "The shard map and its moves")
    public JsonObject layout() {
        ShardMap map = resolver.map();
        JsonArrayBuilder ranges = Json.createArrayBuilder();
        map.ranges().forEach(r -> ranges.add(Json.createObjectBuilder()
                .add("firstSlot", r.first()).add("lastSlot", r.last()).add("shard", r.shard())));
        JsonArrayBuilder versions = Json.createArrayBuilder();
        store.history().forEach(v -> versions.add(Json.createObjectBuilder()
                .add("version", v.version()).add("reason", v.reason()).add("createdAt", v.createdAt())
                .add("ranges", v.ranges())));
        JsonArrayBuilder list = Json.createArrayBuilder();
        moves.moves().forEach(m -> list.add(json(m)));
        JsonObjectBuilder layout = Json.createObjectBuilder()
                .add("slots", ShardResolver.SLOTS)
                .add("version", map.version())
                .add("shards", Json.createArrayBuilder(resolver.shards()))
                .add("ranges", ranges)
                .add("history", versions)
                .add("moves", list);
        // The batch a move is switching right now, writes to which wait.
        sync.frozen().ifPresent(f -> layout.add("frozen", Json.createObjectBuilder()
                .add("firstSlot", f.first()).add("lastSlot", f.last()).add("move", f.move())));
        return layout.build();
    }

    @POST
    @Path("moves")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start moving a slot range to another shard")
    public Response start(JsonObject request) {
        if (request == null || !request.containsKey("firstSlot") || !request.containsKey("lastSlot")
                || !request.containsKey("target")) {
            throw new OperationRefused("firstSlot, lastSlot and target are required", false);
        }
        MoveStatus started;
        try {
            started = moves.start(request.getInt("firstSlot"), request.getInt("lastSlot"), request.getString("target"));
        } catch (ClassCastException e) {
            throw new OperationRefused("firstSlot and lastSlot are numbers, target a string", false);
        }
        audit.record(operator(), "shards.move", started.id(), "slots " + started.firstSlot() + "-" + started.lastSlot()
                + " to " + started.target());
        return Response.accepted(json(started)).build();
    }

    @GET
    @Path("moves/{id}")
    @Operation(summary = "One shard move and its progress")
    public JsonObject move(@PathParam("id") String id) {
        return json(moves.status(id).orElseThrow(() -> new NotFoundException("no shard move " + id)));
    }

    @POST
    @Path("moves/{id}/resume")
    @Operation(summary = "Resume a failed shard move")
    public Response resume(@PathParam("id") String id) {
        JsonObject resumed = json(moves.resume(id));
        audit.record(operator(), "shards.resume", id, null);
        return Response.accepted(resumed).build();
    }

    @POST
    @Path("moves/{id}/rollback")
    @Operation(summary = "Roll a failed shard move back")
    public Response rollback(@PathParam("id") String id) {
        JsonObject rolledBack = json(moves.rollback(id));
        audit.record(operator(), "shards.rollback", id, null);
        return Response.accepted(rolledBack).build();
    }

    private String operator() {
        return caller.getUserPrincipal().getName();
    }

    private static JsonObject json(MoveStatus m) {
        JsonObjectBuilder b = Json.createObjectBuilder()
                .add("id", m.id())
                .add("firstSlot", m.firstSlot())
                .add("lastSlot", m.lastSlot())
                .add("target", m.target())
                .add("baseVersion", m.baseVersion())
                .add("rollingBack", m.rollingBack())
                .add("state", m.state())
                .add("nextSlot", m.nextSlot())
                .add("rowsCopied", m.rowsCopied())
                .add("rowsDeleted", m.rowsDeleted())
                .add("startedAt", m.startedAt())
                .add("updatedAt", m.updatedAt());
        if (m.error() != null) {
            b.add("error", m.error());
        }
        return b.build();
    }
}
