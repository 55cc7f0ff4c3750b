package org.parley.interfaces.rest;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.parley.application.AuditTrail;
import org.parley.application.OperationRefused;

/**
 * {@code GET /api/admin/audit?limit=&before=}: the latest operators' changes over the whole cluster, newest first
 * (who, what, to what, when); {@code next} is the {@code before} of the following page.
 */
@Tag(name = "Audit")
@Path("admin/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    /** The most entries one page holds. */
    static final int MAX_PAGE = 1000;

    @Inject
    AuditTrail audit;

    @GET
    @Operation(summary = "The latest operators' changes, newest first, paged")
    public JsonObject latest(@QueryParam("before") @DefaultValue("0") long before,
                             @QueryParam("limit") @DefaultValue("100") int limit) {
        if (limit < 1 || before < 0) {
            throw new OperationRefused("limit is at least 1, before 0 or a sequence number", false);
        }
        int size = Math.min(limit, MAX_PAGE);
        List<AuditTrail.Entry> entries = audit.latest(before, size);
        JsonArrayBuilder list = Json.createArrayBuilder();
        for (AuditTrail.Entry e : entries) {
            JsonObjectBuilder json = Json.createObjectBuilder().add("sequence", e.sequence()).add("at", e.at().toString())
                    .add("operator", e.operator()).add("action", e.action());
            if (e.target() != null) {
                json.add("target", e.target());
            }
            if (e.detail() != null) {
                json.add("detail", e.detail());
            }
            list.add(json);
        }
        JsonObjectBuilder page = Json.createObjectBuilder().add("entries", list);
        if (entries.size() == size && entries.get(entries.size() - 1).sequence() > 0) {
            page.add("next", entries.get(entries.size() - 1).sequence());
        }
        return page.build();
    }
}
