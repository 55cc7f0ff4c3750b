package org.parley.application;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import org.parley.domain.DeviceLimits;
import org.parley.protocol.ErrorCode;

/**
 * Devices coming and going: a logged-in socket becomes reachable from the whole cluster, within the user's device
 * limits, and stops being reachable when it closes, for whatever reason.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SessionService {

    @Inject
    Delivery delivery;

    @Inject
    SessionDirectory directory;

    @Inject
    OfflineService offline;

    @Inject
    Settings config;

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
        DeviceLimits limits = new DeviceLimits(config.deviceLimit(), config.deviceTypeLimit(),
                config.reloginInterval().toNanos());
        DeviceLimits.Admission admission = directory.admit(device, limits);
        if (admission.refused()) {
            throw new TimFailure(ErrorCode.OVER_ENTRY);
        }
        delivery.attach(device);
        admission.evicted().forEach(old -> delivery.kick(device.tid().getNode(), old));
    }

    public void disconnected(DeviceConnection device) {
        vrooms.socketClosed(device.id());
        boolean lastHere = delivery.detach(device);
        boolean lastInCluster = directory.remove(device);
        if (lastHere) {
            offline.flushDeliveries(device.tid().getNode());
        }
        if (lastInCluster) {
            presence.wentOffline(device.tid());
        }
    }
}
