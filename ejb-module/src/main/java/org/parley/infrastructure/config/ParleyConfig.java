package org.parley.infrastructure.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.parley.application.Quota;
import org.parley.application.Settings;

/**
 * All settings of a node, with their defaults. Durations are ISO-8601 ({@code PT10S}) or plain seconds.
 * Keep docs/configuration.md in step with this class.
 */
@ApplicationScoped
public class ParleyConfig implements Settings {

    /** Directory for node-local files (embedded H2 shards, generated secrets). */
    @Inject
    @ConfigProperty(name = "parley.data.dir", defaultValue = "parley-data")
    String dataDir;

    /**
     * Shard names in slot-range order; each is the JTA data source {@code jdbc/parley/<name>} that the runtime's
     * configuration provides (domain-config/).
     */
    @Inject
    @ConfigProperty(name = "parley.shards", defaultValue = "shard0,shard1")
    List<String> shards;

    /** How long a write waits for a slot that a shard move has frozen before it fails with 5104 (heavy load). */
    @Inject
    @ConfigProperty(name = "parley.shard.freeze-wait", defaultValue = "PT15S")
    Duration freezeWait;

    /** How long a shard move waits for every node to freeze a batch (and its writers to finish) before it gives up. */
    @Inject
    @ConfigProperty(name = "parley.shard.freeze-timeout", defaultValue = "PT20S")
    Duration freezeTimeout;

    /** Slots a shard move switches at a time: the range frozen while its rows are brought up to date. */
    @Inject
    @ConfigProperty(name = "parley.shard.move-batch-slots", defaultValue = "64")
    int moveBatchSlots;

    /** Rows a shard move copies or deletes per transaction. */
    @Inject
    @ConfigProperty(name = "parley.shard.move-batch-rows", defaultValue = "500")
    int moveBatchRows;

    /** Secret for the keyed hash that turns account names into nodes; generated into the data dir if unset. */
    @Inject
    @ConfigProperty(name = "parley.secret.account-key")
    Optional<String> accountKey;

    /**
     * Keys of encryption at rest, {@code id:base64,...} (AES-256); generated into the data dir (id "local") if
     * unset. Every node of a cluster needs every key that stored values may name.
     */
    @Inject
    @ConfigProperty(name = "parley.crypto.keys")
    Optional<String> cryptoKeys;

    /** Id of the key new values are sealed under; may be omitted when only one key is configured. */
    @Inject
    @ConfigProperty(name = "parley.crypto.active-key")
    Optional<String> cryptoActiveKey;

    /** Records re-sealed per transaction by a key rotation. */
    @Inject
    @ConfigProperty(name = "parley.crypto.rotation-batch", defaultValue = "200")
    int rotationBatch;

    /** bcrypt cost factor for stored passwords. */
    @Inject
    @ConfigProperty(name = "parley.password.bcrypt-cost", defaultValue = "10")
    int bcryptCost;

    /** Lifetime of a login token from /tim2; tokens are also single-use. */
    @Inject
    @ConfigProperty(name = "parley.token.ttl", defaultValue = "PT60S")
    String tokenTtl;

    /** A /tim2 request whose body has not arrived whole within this time is answered 408 and its connection closed. */
    @Inject
    @ConfigProperty(name = "parley.http.body-timeout", defaultValue = "PT10S")
    String httpBodyTimeout;

    /** Failed logins and token requests from one address before it is refused for a while (all nodes together). */
    @Inject
    @ConfigProperty(name = "parley.limit.auth-failures-per-address", defaultValue = "20/PT5M")
    String authFailuresPerAddress;

    /** Failed logins and token requests for one account, from any address, before it is refused for a while. */
    @Inject
    @ConfigProperty(name = "parley.limit.auth-failures-per-account", defaultValue = "30/PT15M")
    String authFailuresPerAccount;

    /** Registrations from one address (all nodes together). */
    @Inject
    @ConfigProperty(name = "parley.limit.registrations-per-address", defaultValue = "10/PT1H")
    String registrationsPerAddress;

    /** Client addresses the per-address limits do not apply to: an operator's own back ends. */
    @Inject
    @ConfigProperty(name = "parley.limit.trusted-addresses", defaultValue = " ")
    String trustedAddresses;

    /** Requests per second one socket may make (tim's request_rate); 0: no limit. */
    @Inject
    @ConfigProperty(name = "parley.limit.requests-per-second", defaultValue = "100")
    int requestsPerSecond;

    /** What one message may carry (text, binary and extend together), in bytes. */
    @Inject
    @ConfigProperty(name = "parley.limit.message-bytes", defaultValue = "1048576")
    int messageMaxBytes;

    /** Open WebSockets from one address on this node; 0: no limit. */
    @Inject
    @ConfigProperty(name = "parley.limit.connections-per-address", defaultValue = "1000")
    int connectionsPerAddress;

    /** Open WebSockets on this node (tim's connect_limit); 0: no limit. */
    @Inject
    @ConfigProperty(name = "parley.limit.connections", defaultValue = "0")
    int connections;

    /** A socket that has not authenticated within this time is closed. */
    @Inject
    @ConfigProperty(name = "parley.auth.deadline", defaultValue = "PT10S")
    String authDeadline;

    /** An authenticated socket that sends nothing for this long is closed (tim's ping_timeout). */
    @Inject
    @ConfigProperty(name = "parley.ping.timeout", defaultValue = "PT600S")
    String pingTimeout;

    /** Largest WebSocket message accepted; larger ones close the socket with 1009. */
    @Inject
    @ConfigProperty(name = "parley.frame.max-bytes", defaultValue = "4194304")
    int maxFrameBytes;

    /** Time a device has to acknowledge an ack-required push before it is sent again. */
    @Inject
    @ConfigProperty(name = "parley.ack.timeout", defaultValue = "PT10S")
    String ackTimeout;

    /** Sends of one ack-required push per device (first send plus resends) before it is left to offline delivery. */
    @Inject
    @ConfigProperty(name = "parley.ack.attempts", defaultValue = "3")
    int ackAttempts;

    /** Frames a device may have waiting to be written; past this the device is too slow and is disconnected. */
    @Inject
    @ConfigProperty(name = "parley.connection.send-queue", defaultValue = "4096")
    int sendQueueLimit;

    /** Bytes that may wait to be written to one socket: at least two of the largest big-data frames. */
    @Inject
    @ConfigProperty(name = "parley.connection.send-queue-bytes", defaultValue = "33554432")
    long sendQueueBytes;

    /** Messages per TIMOFFLINEMSG batch (tim: 10). */
    @Inject
    @ConfigProperty(name = "parley.offline.batch", defaultValue = "10")
    int offlineBatch;

    /** History page size when a pull asks for none or a negative count, and the largest page served. */
    @Inject
    @ConfigProperty(name = "parley.history.default-limit", defaultValue = "20")
    int historyDefaultLimit;

    @Inject
    @ConfigProperty(name = "parley.history.max-limit", defaultValue = "200")
    int historyMaxLimit;

    /** When true (tim's default), 1:1 messages need friendship; false is tim's message_noauth. Blocks apply either way. */
    @Inject
    @ConfigProperty(name = "parley.message.require-friendship", defaultValue = "true")
    boolean requireFriendship;

    /** Live sessions one user may have over the whole cluster (tim's device_limit); 0 means no limit. */
    @Inject
    @ConfigProperty(name = "parley.device.limit", defaultValue = "1")
    int deviceLimit;

    /** Live sessions one user may have per termtyp over the whole cluster (tim's devicetype_limit); 0: no limit. */
    @Inject
    @ConfigProperty(name = "parley.device.type-limit", defaultValue = "1")
    int deviceTypeLimit;

    /**
     * A login over the device limits kicks the oldest session only if the user's latest login is older than this
     * (tim's auth_min_unix); otherwise the new login is refused with 4111.
     */
    @Inject
    @ConfigProperty(name = "parley.device.relogin-interval", defaultValue = "PT10S")
    String reloginInterval;

    /** A virtual room disappears this long after its last stream push (or its creation). */
    @Inject
    @ConfigProperty(name = "parley.vroom.idle-expiry", defaultValue = "PT5M")
    String vroomIdleExpiry;

    /** Stream frames are dropped, not queued, for a socket with more frames than this waiting to be written. */
    @Inject
    @ConfigProperty(name = "parley.stream.drop-threshold", defaultValue = "256")
    int streamDropThreshold;

    /** Largest big-data frame (95/96/97), length prefix included, reassembled from one or more WebSocket messages. */
    @Inject
    @ConfigProperty(name = "parley.bigdata.max-bytes", defaultValue = "16777216")
    int bigDataMaxBytes;

    /** Who may receive a presence addressed by name: {@code friends} (Parley's rule) or {@code tim} (anyone not blocked). */
    @Inject
    @ConfigProperty(name = "parley.presence.policy", defaultValue = "friends")
    String presencePolicy;

    /** Whether friends get an offline presence when a user's last device in the cluster goes (tim: !presence_offline_block). */
    @Inject
    @ConfigProperty(name = "parley.presence.offline", defaultValue = "true")
    boolean presenceOffline;

    /** A presence whose status is this text makes its sender invisible: friends see offline. */
    @Inject
    @ConfigProperty(name = "parley.presence.invisible-status", defaultValue = "invisible")
    String invisibleStatus;

    /** If set, WebSocket handshakes must carry exactly this Origin; by default any Origin (or none) is accepted. */
    @Inject
    @ConfigProperty(name = "parley.origin")
    Optional<String> origin;

    /** Longest JSON body the REST API reads; a longer one is refused with 413. */
    @Inject
    @ConfigProperty(name = "parley.api.max-body-bytes", defaultValue = "1048576")
    int apiMaxBodyBytes;

    /** Bearer token of the admin REST API (/api) in clear, role parley-admin; superseded by parley.api.tokens. */
    @Inject
    @ConfigProperty(name = "parley.admin.token")
    Optional<String> adminToken;

    /** Named bearer tokens of the REST API, {@code name:role:sha256-hex,...}, stored as hashes. */
    @Inject
    @ConfigProperty(name = "parley.api.tokens", defaultValue = " ")
    String apiTokens;

    /** Whether POST /api/admin/tokens registers a name it does not know (accounts of an external system). */
    @Inject
    @ConfigProperty(name = "parley.api.tokens-create-accounts", defaultValue = "false")
    boolean apiTokensCreateAccounts;

    /** Threads that write fan-out frames to sockets and carry on each socket's send queue (0: one per core). */
    @Inject
    @ConfigProperty(name = "parley.delivery.fanout-threads", defaultValue = "0")
    int fanoutThreads;

    /** Threads for delivery's database work: removing acknowledged queue entries, writing delivery cursors. */
    @Inject
    @ConfigProperty(name = "parley.delivery.worker-threads", defaultValue = "2")
    int workerThreads;

    /** Devices one fan-out task writes to before the rest is handed to other fan-out threads. */
    @Inject
    @ConfigProperty(name = "parley.delivery.fanout-chunk", defaultValue = "128")
    int fanoutChunk;

    public Path dataDir() {
        return Path.of(dataDir).toAbsolutePath();
    }

    public List<String> shards() {
        return shards;
    }

    public Duration freezeWait() {
        return freezeWait;
    }

    public Duration freezeTimeout() {
        return freezeTimeout;
    }

    public int moveBatchSlots() {
        return moveBatchSlots;
    }

    public int moveBatchRows() {
        return moveBatchRows;
    }

    public Optional<String> accountKey() {
        return accountKey.filter(k -> !k.isBlank());
    }

    public Optional<String> cryptoKeys() {
        return cryptoKeys.filter(k -> !k.isBlank());
    }

    public Optional<String> cryptoActiveKey() {
        return cryptoActiveKey.filter(k -> !k.isBlank());
    }

    @Override
    public int rotationBatch() {
        return Math.max(1, rotationBatch);
    }

    public int fanoutThreads() {
        return fanoutThreads > 0 ? fanoutThreads : Runtime.getRuntime().availableProcessors();
    }

    public int workerThreads() {
        return Math.max(1, workerThreads);
    }

    public int fanoutChunk() {
        return Math.max(1, fanoutChunk);
    }

    public int apiMaxBodyBytes() {
        return Math.max(1, apiMaxBodyBytes);
    }

    public Optional<String> adminToken() {
        return adminToken.filter(t -> !t.isBlank());
    }

    public boolean apiTokensCreateAccounts() {
        return apiTokensCreateAccounts;
    }

    /** The raw {@code parley.api.tokens} list; {@code interfaces.rest.ApiTokens} parses it. */
    public String apiTokens() {
        return apiTokens.trim();
    }

    public int bcryptCost() {
        return bcryptCost;
    }

    @Override
    public Duration tokenTtl() {
        return duration(tokenTtl);
    }

    public Duration httpBodyTimeout() {
        return duration(httpBodyTimeout);
    }

    /** @return the configured size of {@code quota}, or empty when it is off ({@code 0}) */
    public Optional<Budget> budget(Quota quota) {
        return Budget.parse(switch (quota) {
            case AUTH_FAILURES_PER_ADDRESS -> authFailuresPerAddress;
            case AUTH_FAILURES_PER_ACCOUNT -> authFailuresPerAccount;
            case REGISTRATIONS_PER_ADDRESS -> registrationsPerAddress;
        });
    }

    public Set<String> trustedAddresses() {
        return Arrays.stream(trustedAddresses.split(","))
                .map(String::trim).filter(a -> !a.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public int messageMaxBytes() {
        return messageMaxBytes;
    }

    public int requestsPerSecond() {
        return Math.max(0, requestsPerSecond);
    }

    public int connectionsPerAddress() {
        return Math.max(0, connectionsPerAddress);
    }

    public int connections() {
        return Math.max(0, connections);
    }

    public Duration authDeadline() {
        return duration(authDeadline);
    }

    public Duration pingTimeout() {
        return duration(pingTimeout);
    }

    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    public Duration ackTimeout() {
        return duration(ackTimeout);
    }

    public int ackAttempts() {
        return Math.max(1, ackAttempts);
    }

    public int sendQueueLimit() {
        return sendQueueLimit;
    }

    public long sendQueueBytes() {
        return sendQueueBytes;
    }

    @Override
    public int offlineBatch() {
        return Math.max(1, offlineBatch);
    }

    @Override
    public int historyDefaultLimit() {
        return historyDefaultLimit;
    }

    @Override
    public int historyMaxLimit() {
        return historyMaxLimit;
    }

    @Override
    public boolean requireFriendship() {
        return requireFriendship;
    }

    @Override
    public int deviceLimit() {
        return Math.max(0, deviceLimit);
    }

    @Override
    public int deviceTypeLimit() {
        return Math.max(0, deviceTypeLimit);
    }

    @Override
    public Duration reloginInterval() {
        return duration(reloginInterval);
    }

    public Duration vroomIdleExpiry() {
        return duration(vroomIdleExpiry);
    }

    public int streamDropThreshold() {
        return Math.max(1, streamDropThreshold);
    }

    public int bigDataMaxBytes() {
        return bigDataMaxBytes;
    }

    @Override
    public boolean presenceToNamedNonFriends() {
        return switch (presencePolicy.trim()) {
            case "friends" -> false;
            case "tim" -> true;
            default -> throw new IllegalArgumentException("parley.presence.policy is friends or tim: " + presencePolicy);
        };
    }

    @Override
    public boolean presenceOffline() {
        return presenceOffline;
    }

    @Override
    public String invisibleStatus() {
        return invisibleStatus;
    }

    public Optional<String> origin() {
        return origin.filter(o -> !o.isBlank());
    }

    /** Accepts ISO-8601 durations and bare seconds, so operators can write either. */
    static Duration duration(String value) {
        String v = value.trim();
        return v.chars().allMatch(Character::isDigit) ? Duration.ofSeconds(Long.parseLong(v)) : Duration.parse(v);
    }
}
