package org.parley.application;

import java.time.Duration;

/**
 * The settings the application's rules depend on; every key and its default are documented in
 * docs/configuration.md and read in one place by infrastructure.
 */
public interface Settings {

    /** {@code parley.token.ttl}: how long a login token from /tim2 stays valid. */
    Duration tokenTtl();

    /** {@code parley.offline.batch}: queued messages per offline batch. */
    int offlineBatch();

    /** {@code parley.history.default-limit}. */
    int historyDefaultLimit();

    /** {@code parley.history.max-limit}. */
    int historyMaxLimit();

    /** {@code parley.message.require-friendship}: 1:1 messages only between friends. */
    boolean requireFriendship();

    /** {@code parley.device.limit}: sessions per user (0: no limit). */
    int deviceLimit();

    /** {@code parley.device.type-limit}: sessions per user and termtyp (0: no limit). */
    int deviceTypeLimit();

    /** {@code parley.device.relogin-interval}. */
    Duration reloginInterval();

    /** {@code parley.presence.offline}: friends see a user go offline when the last device goes. */
    boolean presenceOffline();

    /**
     * {@code parley.presence.policy}: {@code friends} (default) or {@code tim}. With {@code tim}, a presence a user
     * addresses to someone by name reaches them whether or not they are friends, as tim relays it; blocks still
     * hold, and presence to "all my friends" stays friends only.
     */
    boolean presenceToNamedNonFriends();

    /** {@code parley.presence.invisible-status}. */
    String invisibleStatus();

    /** {@code parley.limit.message-bytes}: the most a message (text, binary and extend together) may carry. */
    int messageMaxBytes();

    /** {@code parley.crypto.rotation-batch}: rows re-sealed per transaction by a key rotation. */
    int rotationBatch();
}
