package org.parley.interfaces.rest;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.parley.application.AuditTrail;
import org.parley.application.KeyRotationService;
import org.parley.application.KeyRotationService.RotationStatus;

/**
 * {@code POST /api/admin/key-rotation} starts re-sealing every stored value under the active key (202 with the
 * status; a rotation already running is not started twice); {@code GET} reports its progress.
 */
@Tag(name = "Encryption at rest")
@Path("admin/key-rotation")
@Produces(MediaType.APPLICATION_JSON)
public class KeyRotationResource {

    @Inject
    KeyRotationService rotation;

    @Inject
    AuditTrail audit;

    @Context
    SecurityContext caller;

    @POST
    @Operation(summary = "Start re-sealing stored values under the active key")
    public Response start() {
        JsonObject started = json(rotation.start());
        audit.record(caller.getUserPrincipal().getName(), "keys.rotate", null, null);
        return Response.accepted(started).build();
    }

    @GET
    @Operation(summary = "The key rotation and its progress")
    public JsonObject status() {
        return json(rotation.status());
    }

    private static JsonObject json(RotationStatus s) {
        JsonObjectBuilder b = Json.createObjectBuilder()
                .add("state", s.state().name())
                .add("examined", s.examined())
                .add("resealed", s.resealed())
                .add("unreadable", s.unreadable());
        if (s.activeKey() != null) {
            b.add("activeKey", s.activeKey());
        }
        if (s.shard() != null) {
            b.add("shard", s.shard());
        }
        if (s.startedAt() != null) {
            b.add("startedAt", s.startedAt().toString());
        }
        if (s.finishedAt() != null) {
            b.add("finishedAt", s.finishedAt().toString());
        }
        if (s.error() != null) {
            b.add("error", s.error());
        }
        return b.build();
    }
}
