package org.parley.infrastructure.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.parley.application.DeviceConnection;

/** The logged-in devices of this node, by user node. */
@ApplicationScoped
public class SessionDirectory {

    private final Map<String, List<DeviceConnection>> byUser = new ConcurrentHashMap<>();

    public void register(DeviceConnection device) {
        byUser.computeIfAbsent(device.tid().getNode(), n -> new CopyOnWriteArrayList<>()).add(device);
    }

    /** @return true if this was the user's last device here */
    public boolean unregister(DeviceConnection device) {
        boolean[] last = {false};
        byUser.computeIfPresent(device.tid().getNode(), (node, list) -> {
            list.remove(device);
            last[0] = list.isEmpty();
            return list.isEmpty() ? null : list;
        });
        return last[0];
    }

    public List<DeviceConnection> devicesOf(String userNode) {
        List<DeviceConnection> list = byUser.get(userNode);
        return list == null ? List.of() : List.copyOf(list);
    }

    public int deviceCount() {
        return byUser.values().stream().mapToInt(List::size).sum();
    }
}
