package org.parley.interfaces.rest;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.Response;

/**
 * An error answer of the REST API as an RFC 9457 problem document ({@code application/problem+json}): the status,
 * its standard title and a detail written for the caller. It never carries an exception's class or message from
 * inside the server.
 */
record Problem(int status, String detail) {

    static final String MEDIA_TYPE = "application/problem+json";

    Response response() {
        Response.StatusType type = Response.Status.fromStatusCode(status);
        JsonObjectBuilder body = Json.createObjectBuilder()
                .add("type", "about:blank")
                .add("title", type == null ? "HTTP " + status : type.getReasonPhrase())
                .add("status", status);
        if (detail != null && !detail.isBlank()) {
            body.add("detail", detail);
        }
        return Response.status(status).type(MEDIA_TYPE).entity(body.build().toString()).build();
    }
}
