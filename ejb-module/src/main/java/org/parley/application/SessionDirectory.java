package org.parley.application;

import java.util.List;
import org.parley.domain.DeviceLimits;
import org.parley.domain.DeviceRecord;

/**
 * Which devices of which user are connected to which node, for the whole cluster: where device limits are counted
 * and where delivery looks users up.
 */
public interface SessionDirectory {

    /**
     * Adds a device of this node if the user's limits allow it, in one step with the check: two logins racing on
     * different nodes cannot both squeeze under the limit. The devices it evicts are out of the directory when this
     * returns; the caller tells and closes them wherever they are.
     */
    DeviceLimits.Admission admit(DeviceConnection device, DeviceLimits limits);

    /** @return whether the user has no device left anywhere in the cluster */
    boolean remove(DeviceConnection device);

    /** Every device of the user, on every node of the cluster. */
    List<DeviceRecord> devicesOf(String user);

    /** Users with a device online anywhere in the cluster, in node order, the first {@code limit} after {@code after}. */
    List<String> usersOnline(String after, int limit);
}
