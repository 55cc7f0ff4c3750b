package org.parley.interfaces.rest;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.parley.application.SessionAdministration;
import org.parley.domain.DeviceRecord;

/**
 * {@code GET /api/admin/sessions?limit=&cursor=}: users online over the whole cluster with their devices, paged;
 * {@code DELETE /api/admin/sessions/{node}} logs every device of a user out, {@code
 * DELETE /api/admin/sessions/{node}/{member}/{connection}} one device (tim's kick: they may log in again).
 */
@Tag(name = "Sessions")
@Path("admin/sessions")
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {

    @Inject
    SessionAdministration sessions;

    @Context
    SecurityContext caller;

    @GET
    @Operation(summary = "Users online over the cluster with their devices, paged")
    public JsonObject online(@QueryParam("cursor") String cursor, @QueryParam("limit") @DefaultValue("100") int limit) {
        SessionAdministration.Page page = sessions.online(cursor, limit);
        JsonArrayBuilder users = Json.createArrayBuilder();
        for (SessionAdministration.Online o : page.users()) {
            users.add(Json.createObjectBuilder().add("node", o.user()).add("devices", devices(o.devices())));
        }
        JsonObjectBuilder json = Json.createObjectBuilder().add("users", users);
        if (page.next() != null) {
            json.add("next", page.next());
        }
        return json.build();
    }

    @DELETE
    @Path("{node}")
    @Operation(summary = "Log every device of a user out")
    public JsonObject kick(@PathParam("node") String node) {
        return Json.createObjectBuilder().add("devices", sessions.kick(caller.getUserPrincipal().getName(), node)).build();
    }

    @DELETE
    @Path("{node}/{member}/{connection}")
    @Operation(summary = "Log one device out")
    public Response kickDevice(@PathParam("node") String node, @PathParam("member") String member,
                               @PathParam("connection") long connection) {
        sessions.kick(caller.getUserPrincipal().getName(), node, member, connection);
        return Response.noContent().build();
    }

    /** A user's devices: cluster member, socket id on it, termtyp, resource, login time. */
    static JsonArrayBuilder devices(List<DeviceRecord> devices) {
        JsonArrayBuilder list = Json.createArrayBuilder();
        for (DeviceRecord d : devices) {
            list.add(Json.createObjectBuilder().add("member", d.member()).add("connection", d.connection())
                    .add("termtyp", d.termtyp()).add("resource", d.resource() == null ? "" : d.resource())
                    .add("since", Instant.ofEpochSecond(0, d.loginNanos()).toString()));
        }
        return list;
    }
}
