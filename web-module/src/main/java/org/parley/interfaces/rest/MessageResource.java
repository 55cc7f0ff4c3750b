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
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.parley.application.AdminMessaging;
import org.parley.application.AdminMessaging.Content;
import org.parley.application.OperationRefused;

/**
 * {@code POST /api/admin/messages}: a system message to a user ({@code to}) or a room ({@code room}), or, with
 * {@code from}, a message on that user's behalf under their rules; {@code POST /api/admin/broadcasts}: a system
 * message to everyone online. Bodies: {@code text?, binary? (base64), kind?, bnType?, extend?}.
 */
@Tag(name = "Messages")
@Path("admin")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class MessageResource {

    @Inject
    AdminMessaging messaging;

    @Context
    SecurityContext caller;

    /** → 201 {@code {mid}} (0 for kinds that are not stored). */
    @POST
    @Path("messages")
    @Operation(summary = "A system message to a user or room, or a message on behalf of a user")
    public Response send(JsonObject body) {
        String to = JsonFields.text(body, "to");
        String room = JsonFields.text(body, "room");
        String from = JsonFields.text(body, "from");
        if ((to == null) == (room == null)) {
            throw new OperationRefused("name the recipient: to (a user) or room, one of them", false);
        }
        Content content = MessageJson.content(body);
        String operator = caller.getUserPrincipal().getName();
        long mid = from != null ? messaging.onBehalf(operator, from, to, room, content)
                : to != null ? messaging.noticeToUser(operator, to, content)
                : messaging.noticeToRoom(operator, room, content);
        return Response.status(Response.Status.CREATED).entity(Json.createObjectBuilder().add("mid", mid).build()).build();
    }

    /** → {@code {users}}: how many online users it went to. */
    @POST
    @Path("broadcasts")
    @Operation(summary = "A system message to every user online")
    public JsonObject broadcast(JsonObject body) {
        int users = messaging.broadcast(caller.getUserPrincipal().getName(), MessageJson.content(body));
        return Json.createObjectBuilder().add("users", users).build();
    }
}
