package org.parley.infrastructure.cluster;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.spi.JsonProvider;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.parley.application.DeviceConnection;
import org.parley.application.SessionDirectory;
import org.parley.domain.DeviceLimits;
import org.parley.domain.DeviceRecord;
import org.parley.domain.EpochNanos;

/**
 * Which devices of which user are connected to which cluster member, in a Hazelcast map keyed by user node (so
 * reading a user's devices is one partition lookup). Values are JSON, so members need none of the application's
 * classes to hold them, and updates are compare-and-set, so any member may change any entry: there is no master.
 * When a member leaves or dies, every surviving member purges its entries (idempotently).
 */
@ApplicationScoped
public class HazelcastSessionDirectory implements SessionDirectory {

    static final String MAP = "parley-sessions";
    /** Looked up once: {@code Json.create*} looks the provider up again on every call, a class-path scan each. */
    private static final JsonProvider JSON = JsonProvider.provider();

    @Inject
    ClusterMembers members;

    private IMap<String, HazelcastJsonValue> sessions;

    @PostConstruct
    void init() {
        sessions = members.plainMap(MAP);
    }

    /**
     * Adds a device if the user's limits allow it, in one compare-and-set step with the check: two logins racing on
     * different members cannot both squeeze under the limit. The devices it evicts are out of the directory when
     * this returns; the caller tells and closes them wherever they are.
     */
    @Override
    public DeviceLimits.Admission admit(DeviceConnection connection, DeviceLimits limits) {
        var tid = connection.tid();
        DeviceRecord device = new DeviceRecord(members.localMember(), connection.id(),
                tid.getTermtyp() == null ? 0 : tid.getTermtyp(), tid.getResource(), EpochNanos.now());
        DeviceLimits.Admission[] outcome = new DeviceLimits.Admission[1];
        update(tid.getNode(), devices -> {
            outcome[0] = limits.admit(devices, device);
            if (outcome[0].refused()) {
                return devices;
            }
            devices.removeAll(outcome[0].evicted());
            devices.add(device);
            return devices;
        });
        return outcome[0];
    }

    /** @return whether the user has no device left anywhere in the cluster */
    @Override
    public boolean remove(DeviceConnection connection) {
        String member = members.localMember();
        return update(connection.tid().getNode(), devices -> {
            devices.removeIf(d -> d.member().equals(member) && d.connection() == connection.id());
            return devices;
        }).isEmpty();
    }

    /** Reads every key after {@code after} from the map and sorts here: fine for an operator's paging. */
    @Override
    public List<String> usersOnline(String after, int limit) {
        return sessions.keySet().stream()
                .filter(u -> after == null || u.compareTo(after) > 0)
                .sorted()
                .limit(limit)
                .toList();
    }

    @Override
    public List<DeviceRecord> devicesOf(String userNode) {
        HazelcastJsonValue value = sessions.get(userNode);
        return value == null ? List.of() : decode(value);
    }

    /** The members holding devices of the user. */
    public Set<String> membersHolding(String userNode) {
        List<DeviceRecord> devices = devicesOf(userNode);
        if (devices.size() == 1) {
            return Set.of(devices.get(0).member());
        }
        Set<String> holders = new HashSet<>();
        devices.forEach(d -> holders.add(d.member()));
        return holders;
    }

    /** The members holding devices of each of the users (users with no device are left out). One batched read. */
    public Map<String, Set<String>> membersHolding(Collection<String> users) {
        Map<String, Set<String>> byUser = new HashMap<>();
        sessions.getAll(new HashSet<>(users)).forEach((user, value) -> {
            Set<String> holders = new HashSet<>();
            decode(value).forEach(d -> holders.add(d.member()));
            byUser.put(user, holders);
        });
        return byUser;
    }

    /** Drops every device of a member that left the cluster. */
    public void purgeMember(String member) {
        Set<String> users = sessions.keySet(Predicates.equal("devices[any].member", member));
        for (String user : users) {
            update(user, devices -> {
                devices.removeIf(d -> d.member().equals(member));
                return devices;
            });
        }
    }

    /** Devices per member, for the operator's view of the cluster. */
    public Map<String, Integer> deviceCountByMember() {
        Map<String, Integer> counts = new TreeMap<>();
        for (HazelcastJsonValue v : sessions.values()) {
            for (DeviceRecord d : decode(v)) {
                counts.merge(d.member(), 1, Integer::sum);
            }
        }
        return counts;
    }

    /** @return the user's devices after the change */
    private List<DeviceRecord> update(String userNode, UnaryOperator<List<DeviceRecord>> change) {
        while (true) {
            HazelcastJsonValue old = sessions.get(userNode);
            List<DeviceRecord> devices = change.apply(old == null ? new ArrayList<>() : new ArrayList<>(decode(old)));
            boolean done;
            if (old == null) {
                done = devices.isEmpty() || sessions.putIfAbsent(userNode, encode(devices)) == null;
            } else if (devices.isEmpty()) {
                done = sessions.remove(userNode, old);
            } else {
                done = sessions.replace(userNode, old, encode(devices));
            }
            if (done) {
                return devices;
            }
        }
    }

    static HazelcastJsonValue encode(List<DeviceRecord> devices) {
        JsonArrayBuilder array = JSON.createArrayBuilder();
        for (DeviceRecord d : devices) {
            array.add(JSON.createObjectBuilder()
                    .add("member", d.member())
                    .add("conn", d.connection())
                    .add("termtyp", d.termtyp())
                    .add("resource", d.resource() == null ? "" : d.resource())
                    .add("login", d.loginNanos()));
        }
        return new HazelcastJsonValue(JSON.createObjectBuilder().add("devices", array).build().toString());
    }

    static List<DeviceRecord> decode(HazelcastJsonValue value) {
        try (JsonReader reader = JSON.createReader(new StringReader(value.getValue()))) {
            List<DeviceRecord> devices = new ArrayList<>();
            for (JsonObject d : reader.readObject().getJsonArray("devices").getValuesAs(JsonObject.class)) {
                devices.add(new DeviceRecord(d.getString("member"), d.getJsonNumber("conn").longValue(),
                        d.getInt("termtyp"), d.getString("resource"), d.getJsonNumber("login").longValue()));
            }
            return devices;
        }
    }
}
