package org.parley.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * tim's device rules (wire spec §5.4.2 item 6), applied to a user's sessions over the whole cluster. A login is
 * "over entry" when the user already has {@code perUser} sessions, or {@code perType} sessions of the new one's
 * termtyp. Over entry, the oldest sessions make room (of the same termtyp when that limit tripped, else of any),
 * unless the user's latest login is no older than {@code reloginNanos}: then the new login is refused (4111).
 *
 * <p>Unlike tim, the per-type check trips at the limit, not one past it (tim's count is off by one), so
 * {@code perType=1} really means one session per termtyp. A limit of 0 means none.
 */
public record DeviceLimits(int perUser, int perType, long reloginNanos) {

    /** The outcome of one login attempt. */
    public record Admission(boolean refused, List<DeviceRecord> evicted) {
    }

    public Admission admit(List<DeviceRecord> existing, DeviceRecord incoming) {
        List<DeviceRecord> kept = new ArrayList<>(existing);
        if (!over(kept, incoming.termtyp())) {
            return new Admission(false, List.of());
        }
        long latestLogin = kept.stream().mapToLong(DeviceRecord::loginNanos).max().orElse(Long.MIN_VALUE);
        if (incoming.loginNanos() - latestLogin <= reloginNanos) {
            return new Admission(true, List.of());
        }
        List<DeviceRecord> evicted = new ArrayList<>();
        while (!kept.isEmpty() && over(kept, incoming.termtyp())) {
            List<DeviceRecord> candidates = perType > 0 && sameType(kept, incoming.termtyp()) >= perType
                    ? kept.stream().filter(d -> d.termtyp() == incoming.termtyp()).toList()
                    : kept;
            DeviceRecord oldest = candidates.stream().min(Comparator.comparingLong(DeviceRecord::loginNanos)).orElseThrow();
            kept.remove(oldest);
            evicted.add(oldest);
        }
        return new Admission(false, List.copyOf(evicted));
    }

    private boolean over(List<DeviceRecord> devices, int termtyp) {
        return (perUser > 0 && devices.size() >= perUser) || (perType > 0 && sameType(devices, termtyp) >= perType);
    }

    private static long sameType(List<DeviceRecord> devices, int termtyp) {
        return devices.stream().filter(d -> d.termtyp() == termtyp).count();
    }
}
