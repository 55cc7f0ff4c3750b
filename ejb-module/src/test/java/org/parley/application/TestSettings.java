package org.parley.application;

import java.time.Duration;

/** Settings as a value: the documented defaults (docs/configuration.md), with the one a test varies. */
record TestSettings(Duration tokenTtl, int offlineBatch, int historyDefaultLimit, int historyMaxLimit,
        boolean requireFriendship, int deviceLimit, int deviceTypeLimit, Duration reloginInterval,
        boolean presenceOffline, String invisibleStatus, int rotationBatch, boolean presenceToNamedNonFriends,
        int messageMaxBytes)
        implements Settings {

    static TestSettings defaults() {
        return new TestSettings(Duration.ofSeconds(60), 10, 20, 200, true, 1, 1, Duration.ofSeconds(10), true,
                "invisible", 200, false, 1 << 20);
    }

    TestSettings withRequireFriendship(boolean value) {
        return new TestSettings(tokenTtl, offlineBatch, historyDefaultLimit, historyMaxLimit, value, deviceLimit,
                deviceTypeLimit, reloginInterval, presenceOffline, invisibleStatus, rotationBatch,
                presenceToNamedNonFriends, messageMaxBytes);
    }

    TestSettings withTimPresence() {
        return new TestSettings(tokenTtl, offlineBatch, historyDefaultLimit, historyMaxLimit, requireFriendship,
                deviceLimit, deviceTypeLimit, reloginInterval, presenceOffline, invisibleStatus, rotationBatch, true,
                messageMaxBytes);
    }
}
