package org.parley.application;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import org.parley.domain.EpochNanos;
import org.parley.infrastructure.cluster.ClusterMembers;
import org.parley.infrastructure.cluster.DeviceRecord;
import org.parley.infrastructure.cluster.LocalDevices;
import org.parley.infrastructure.cluster.SessionDirectory;

/**
 * Devices coming and going: a logged-in socket becomes reachable from the whole cluster, and stops being reachable
 * when it closes, for whatever reason.
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
    OfflineService offline;

    public void connected(DeviceConnection device) {
        local.register(device);
        var tid = device.tid();
        directory.add(tid.getNode(), new DeviceRecord(members.localMember(), device.id(),
                tid.getTermtyp() == null ? 0 : tid.getTermtyp(), tid.getResource(), EpochNanos.now()));
    }

    public void disconnected(DeviceConnection device) {
        boolean lastHere = local.unregister(device);
        directory.remove(device.tid().getNode(), members.localMember(), device.id());
        if (lastHere) {
            offline.flushDeliveries(device.tid().getNode());
        }
    }
}
