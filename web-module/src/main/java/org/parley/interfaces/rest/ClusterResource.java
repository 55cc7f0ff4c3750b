package org.parley.interfaces.rest;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.parley.infrastructure.delivery.ClusterBus;
import org.parley.infrastructure.cluster.ClusterMembers;
import org.parley.infrastructure.delivery.LocalDevices;
import org.parley.infrastructure.cluster.HazelcastQuotas;
import org.parley.infrastructure.cluster.HazelcastSessionDirectory;
import org.parley.interfaces.websocket.FrameDispatcher;
import org.parley.interfaces.websocket.SocketAdmission;

/**
 * {@code GET /api/cluster}: the members, this node's identity, how many devices each member holds (from the
 * cluster-wide session directory), this node's traffic with each peer, how many stream frames this node dropped
 * for slow subscribers, how many pushes to its devices wait for an acknowledgement, and what its abuse limits
 * refused since it started.
 */
@Tag(name = "Cluster")
@Path("cluster")
public class ClusterResource {

    @Inject
    ClusterMembers members;

    @Inject
    HazelcastSessionDirectory directory;

    @Inject
    LocalDevices local;

    @Inject
    ClusterBus bus;

    @Inject
    HazelcastQuotas quotas;

    @Inject
    SocketAdmission admission;

    @Inject
    FrameDispatcher dispatcher;

    /** Per limit, what it refused on this node: quotas, sockets at open, requests over a socket's rate. */
    private JsonObject refusals() {
        JsonObjectBuilder b = Json.createObjectBuilder();
        quotas.refusals().forEach((quota, n) -> b.add(quota.name(), n));
        return b.add("CONNECTIONS", admission.refused()).add("REQUEST_RATE", dispatcher.requestsRefused()).build();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Members, devices per member, traffic and limit refusals of this node")
    public JsonObject cluster() {
        Map<String, Integer> devices = directory.deviceCountByMember();
        Map<String, ClusterBus.Traffic> traffic = bus.traffic();
        JsonArrayBuilder list = Json.createArrayBuilder();
        members.addresses().forEach((member, address) -> {
            ClusterBus.Traffic t = traffic.get(member);
            list.add(Json.createObjectBuilder()
                    .add("id", member)
                    .add("address", address)
                    .add("devices", devices.getOrDefault(member, 0))
                    .add("envelopesSent", t == null ? 0 : t.sent())
                    .add("envelopesReceived", t == null ? 0 : t.received()));
        });
        return Json.createObjectBuilder()
                .add("self", members.localMember())
                .add("localDevices", local.deviceCount())
                .add("streamFramesDropped", local.streamFramesDropped())
                .add("pendingPushes", local.pendingPushes())
                .add("limitRefusals", refusals())
                .add("members", list)
                .build();
    }
}
