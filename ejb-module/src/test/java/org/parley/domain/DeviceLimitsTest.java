package org.parley.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceLimitsTest {

    private static final long SECOND = 1_000_000_000L;
    private static final DeviceLimits TIM_DEFAULTS = new DeviceLimits(1, 1, 10 * SECOND);

    private static DeviceRecord device(long conn, int termtyp, long loginSeconds) {
        return new DeviceRecord("m1", conn, termtyp, "r", loginSeconds * SECOND);
    }

    @Test
    void aFirstDeviceIsAdmitted() {
        var a = TIM_DEFAULTS.admit(List.of(), device(1, 1, 100));
        assertFalse(a.refused());
        assertTrue(a.evicted().isEmpty());
    }

    @Test
    void overTheLimitTheOldestIsEvictedOnceTheLastLoginIsOldEnough() {
        var a = TIM_DEFAULTS.admit(List.of(device(1, 1, 100)), device(2, 1, 111));
        assertFalse(a.refused());
        assertEquals(List.of(device(1, 1, 100)), a.evicted());
    }

    @Test
    void overTheLimitWithinTheReloginIntervalIsRefused() {
        var a = TIM_DEFAULTS.admit(List.of(device(1, 1, 100)), device(2, 1, 110));
        assertTrue(a.refused());
        assertTrue(a.evicted().isEmpty());
    }

    @Test
    void differentTypesCoexistUpToTheUserLimit() {
        DeviceLimits limits = new DeviceLimits(2, 1, 10 * SECOND);
        assertFalse(limits.admit(List.of(device(1, 1, 100)), device(2, 2, 101)).refused());
        assertTrue(limits.admit(List.of(device(1, 1, 100)), device(2, 2, 101)).evicted().isEmpty());
        // A third type is over the user limit: the oldest of any type goes.
        var third = limits.admit(List.of(device(1, 1, 100), device(2, 2, 101)), device(3, 3, 200));
        assertEquals(List.of(device(1, 1, 100)), third.evicted());
    }

    @Test
    void theTypeLimitEvictsTheOldestOfThatType() {
        DeviceLimits limits = new DeviceLimits(3, 1, 10 * SECOND);
        var a = limits.admit(List.of(device(1, 1, 100), device(2, 2, 150)), device(3, 2, 200));
        assertEquals(List.of(device(2, 2, 150)), a.evicted());
    }

    @Test
    void zeroMeansNoLimit() {
        DeviceLimits none = new DeviceLimits(0, 0, 10 * SECOND);
        var a = none.admit(List.of(device(1, 1, 100), device(2, 1, 100)), device(3, 1, 100));
        assertFalse(a.refused());
        assertTrue(a.evicted().isEmpty());
    }
}
