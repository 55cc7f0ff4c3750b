package org.parley.interfaces.rest;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
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

/**
 * History export, decrypted, newest first, paged with {@code limit} (at most {@value HistoryExport#MAX_PAGE}) and
 * {@code before} (the {@code next} of the previous page): {@code GET /api/admin/chats/{a}/{b}/messages}. A room's
 * history is under {@link RoomResource}, a user's system messages and offline queue under {@link AccountResource}
 * (JAX-RS picks the resource class by its longest matching path, so each path prefix has one class).
 */
@Tag(name = "History")
@Path("admin/chats")
@Produces(MediaType.APPLICATION_JSON)
public class HistoryResource {

    @Inject
    HistoryExport export;

    @GET
    @Path("{a}/{b}/messages")
    @Operation(summary = "A 1:1 chat's history, newest first, paged")
    public JsonObject chat(@PathParam("a") String a, @PathParam("b") String b, @QueryParam("before") @DefaultValue("0") long before,
                           @QueryParam("limit") @DefaultValue("100") int limit) {
        return page(export.direct(a, b, before, limit));
    }

    static JsonObject page(HistoryExport.Page page) {
        JsonObjectBuilder json = Json.createObjectBuilder().add("messages", MessageJson.list(page.messages()));
        if (page.next() != 0) {
            json.add("next", page.next());
        }
        return json.build();
    }
}
