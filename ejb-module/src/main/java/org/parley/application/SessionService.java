package org.parley.application;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import org.parley.domain.EpochNanos;
import org.parley.infrastructure.cluster.ClusterMembers;
import org.parley.infrastructure.cluster.ClusterRouter;
import org.parley.infrastructure.cluster.DeviceLimits;
import org.parley.infrastructure.cluster.DeviceRecord;
import org.parley.infrastructure.cluster.LocalDevices;
import org.parley.infrastructure.cluster.SessionDirectory;
import org.parley.infrastructure.cluster.VroomDirectory;
import org.parley.infrastructure.config.ParleyConfig;
import org.parley.protocol.ErrorCode;

/**
 * Devices coming and going: a logged-in socket becomes reachable from the whole cluster, within the user's device
 * limits, and stops being reachable when it closes, for whatever reason.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SessionService {

    @Inject
    LocalDevices local;

    @Inject
    SessionDirectory directory;

    @Inject
    ClusterMembers members;

    @Inject
    ClusterRouter router;

    @Inject
    OfflineService offline;

    @Inject
    ParleyConfig config;

    @Inject
    VroomDirectory vrooms;

    @Inject
    PresenceService presence;

    /**
     * Admits a device that just logged in, counting the user's sessions over the whole cluster (wire spec §5.4.2
     * item 6). Over the limits, the oldest sessions are logged out (TimAck timType 20, then closed) wherever they
     * are, unless the user's latest login is too recent: then this login is refused.
     *
     * @throws TimFailure 4111 if the device is refused
     */
    public void connected(DeviceConnection device) {
        var tid = device.tid();
        DeviceRecord record = new DeviceRecord(members.localMember(), device.id(),
                tid.getTermtyp() == null ? 0 : tid.getTermtyp(), tid.getResource(), EpochNanos.now());
        DeviceLimits limits = new DeviceLimits(config.deviceLimit(), config.deviceTypeLimit(),
                config.reloginInterval().toNanos());
        DeviceLimits.Admission admission = directory.admit(tid.getNode(), record, limits);
        if (admission.refused()) {
            throw new TimFailure(ErrorCode.OVER_ENTRY);
        }
        local.register(device);
        admission.evicted().forEach(old -> router.kick(tid.getNode(), old));
    }

    public void disconnected(DeviceConnection device) {
        vrooms.socketClosed(device.id());
        boolean lastHere = local.unregister(device);
        boolean lastInCluster = directory.remove(device.tid().getNode(), members.localMember(), device.id());
        if (lastHere) {
            offline.flushDeliveries(device.tid().getNode());
        }
        if (lastInCluster) {
            presence.wentOffline(device.tid());
        }
    }
}
