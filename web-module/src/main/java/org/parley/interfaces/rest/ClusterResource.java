package org.parley.interfaces.rest;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.parley.infrastructure.delivery.ClusterBus;
import org.parley.infrastructure.cluster.ClusterMembers;
import org.parley.infrastructure.delivery.LocalDevices;
import org.parley.infrastructure.cluster.HazelcastSessionDirectory;

/**
 * {@code GET /api/cluster}: the members, this node's identity, how many devices each member holds (from the
 * cluster-wide session directory), this node's traffic with each peer, how many stream frames this node dropped
 * for slow subscribers, and how many pushes to its devices wait for an acknowledgement.
 */
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

    @GET
    @Produces(MediaType.APPLICATION_JSON)
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
                .add("members", list)
                .build();
    }
}
