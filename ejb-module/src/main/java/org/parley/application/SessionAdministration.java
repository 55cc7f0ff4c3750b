package org.parley.application;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.parley.domain.DeviceRecord;

/**
 * Who is online over the whole cluster, and logging users or single devices out (tim's kick: TimAck timType 20,
 * then the socket is closed; the user may log in again, unlike after a ban).
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SessionAdministration {

    /** The most users one page holds, whatever the caller asks for. */
    public static final int MAX_PAGE = 1000;

    @Inject
    SessionDirectory sessions;

    @Inject
    Delivery delivery;

    @Inject
    AuditTrail audit;

    /** One online user with their devices. */
    public record Online(String user, List<DeviceRecord> devices) {
    }

    /** @param next the cursor of the following page; null when this one reached the end */
    public record Page(List<Online> users, String next) {
    }

    /** Users online now in node order, after {@code cursor} (null: from the start). */
    public Page online(String cursor, int limit) {
        if (limit < 1) {
            throw new OperationRefused("limit is at least 1", false);
        }
        int size = Math.min(limit, MAX_PAGE);
        List<String> users = sessions.usersOnline(cursor, size);
        List<Online> page = new ArrayList<>(users.size());
        for (String user : users) {
            List<DeviceRecord> devices = sessions.devicesOf(user);
            if (!devices.isEmpty()) { // logged out between the two reads
                page.add(new Online(user, devices));
            }
        }
        return new Page(page, users.size() < size ? null : users.get(users.size() - 1));
    }

    /**
     * Logs every device of the user out.
     *
     * @return how many devices were told
     */
    public int kick(String operator, String user) {
        List<DeviceRecord> devices = sessions.devicesOf(user);
        if (devices.isEmpty()) {
            throw OperationRefused.missing("no device of " + user + " is online");
        }
        devices.forEach(d -> delivery.kick(user, d));
        audit.record(operator, "session.kick", user, devices.size() + " devices");
        return devices.size();
    }

    /** Logs one device out: the socket {@code connection} on the cluster member {@code member}. */
    public void kick(String operator, String user, String member, long connection) {
        DeviceRecord device = sessions.devicesOf(user).stream()
                .filter(d -> d.member().equals(member) && d.connection() == connection)
                .findFirst()
                .orElseThrow(() -> OperationRefused.missing("no such device of " + user + " is online"));
        delivery.kick(user, device);
        audit.record(operator, "session.kick", user, "device " + member + "/" + connection);
    }
}
