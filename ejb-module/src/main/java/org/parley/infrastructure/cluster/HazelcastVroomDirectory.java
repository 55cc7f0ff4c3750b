package org.parley.infrastructure.cluster;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryExpiredListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.query.Predicates;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.spi.JsonProvider;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.parley.application.VroomDirectory;
import org.parley.infrastructure.config.ParleyConfig;

/**
 * Virtual rooms (tim's vrooms, wire spec §5.9) for the whole cluster, in two Hazelcast maps:
 * <ul>
 * <li>{@code parley-vrooms}: vnode → founder node, with a time to live of {@code parley.vroom.idle-expiry} that each
 * stream push renews (so an idle vroom disappears on its own, on every member at once);
 * <li>{@code parley-vroom-subscribers}: vnode → the subscribed sockets as JSON ({@code member}, {@code conn},
 * {@code raw}), changed by compare-and-set like the {@link HazelcastSessionDirectory}.
 * </ul>
 * Streams are frequent, so each member keeps a copy of the founders it has read (a founder never changes; the copy
 * is dropped when the vroom goes), and renewals of the time to live are spaced out to an eighth of the expiry: a
 * vroom lives between 7/8 of the expiry and the whole of it after its last stream. Subscribers are read for every
 * push, so a subscription counts from its answer on, on every member.
 */
@ApplicationScoped
public class HazelcastVroomDirectory implements VroomDirectory {

    static final String VROOMS = "parley-vrooms";
    static final String SUBSCRIBERS = "parley-vroom-subscribers";
    /** Looked up once: {@code Json.create*} looks the provider up again on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    @Inject
    ClusterMembers members;

    @Inject
    ParleyConfig config;

    private IMap<String, String> vrooms;
    private IMap<String, HazelcastJsonValue> subscribers;
    private final Map<String, CachedVroom> founders = new ConcurrentHashMap<>();
    /** The vrooms each socket of this member subscribed to, so a closing socket can leave them all. */
    private final Map<Long, Set<String>> subscriptionsOf = new ConcurrentHashMap<>();
    private final List<UUID> listeners = new ArrayList<>();

    @PostConstruct
    void init() {
        vrooms = members.hazelcast().getMap(VROOMS);
        subscribers = members.hazelcast().getMap(SUBSCRIBERS);
        listeners.add(vrooms.addEntryListener(new VroomGone(), false));
        // The member owning a vroom's entry clears its subscriber list once it is removed or has expired.
        listeners.add(vrooms.addLocalEntryListener(new SubscribersCleanup()));
    }

    @PreDestroy
    void close() {
        listeners.forEach(id -> {
            vrooms.removeEntryListener(id);
            subscribers.removeEntryListener(id);
        });
    }

    /** A new vroom with its founder; it lives until removed or idle for the expiry. */
    @Override
    public void create(String vnode, String founder) {
        Duration ttl = config.vroomIdleExpiry();
        vrooms.set(vnode, founder, ttl.toMillis(), TimeUnit.MILLISECONDS);
        founders.put(vnode, new CachedVroom(founder, System.nanoTime()));
    }

    @Override
    public void remove(String vnode) {
        vrooms.delete(vnode);
        founders.remove(vnode);
        subscribers.delete(vnode);
    }

    /** The vroom's founder, if the vroom exists (and has not expired). */
    @Override
    public Optional<String> founder(String vnode) {
        CachedVroom cached = founders.get(vnode);
        if (cached != null && System.nanoTime() - cached.renewedNanos() < config.vroomIdleExpiry().toNanos()) {
            return Optional.of(cached.founder());
        }
        founders.remove(vnode);
        String founder = vrooms.get(vnode);
        if (founder == null) {
            return Optional.empty();
        }
        // Not known when the entry was last renewed: count from now, but renew on the next push.
        founders.put(vnode, new CachedVroom(founder, System.nanoTime() - config.vroomIdleExpiry().toNanos() / 8));
        return Optional.of(founder);
    }

    /** A stream went through: the vroom lives on for another expiry period. */
    @Override
    public void renew(String vnode) {
        CachedVroom cached = founders.get(vnode);
        long now = System.nanoTime();
        Duration ttl = config.vroomIdleExpiry();
        if (cached == null || now - cached.renewedNanos() >= ttl.toNanos() / 8) {
            if (vrooms.setTtl(vnode, ttl.toMillis(), TimeUnit.MILLISECONDS) && cached != null) {
                founders.put(vnode, new CachedVroom(cached.founder(), now));
            }
        }
    }

    /** Subscribes one socket of this member; a second subscription of the same socket switches its mode. */
    @Override
    public void subscribe(String vnode, long connection, boolean raw) {
        String self = members.localMember();
        update(vnode, subs -> {
            subs.removeIf(s -> s.member().equals(self) && s.connection() == connection);
            subs.add(new Subscriber(self, connection, raw));
            return subs;
        });
        subscriptionsOf.computeIfAbsent(connection, c -> ConcurrentHashMap.newKeySet()).add(vnode);
    }

    @Override
    public void unsubscribe(String vnode, long connection) {
        String self = members.localMember();
        update(vnode, subs -> {
            subs.removeIf(s -> s.member().equals(self) && s.connection() == connection);
            return subs;
        });
        Set<String> mine = subscriptionsOf.get(connection);
        if (mine != null) {
            mine.remove(vnode);
        }
    }

    /** A socket of this member closed: it leaves every vroom it had subscribed to. */
    @Override
    public void socketClosed(long connection) {
        Set<String> mine = subscriptionsOf.remove(connection);
        if (mine != null) {
            mine.forEach(vnode -> unsubscribe(vnode, connection));
        }
    }

    /** The vroom's subscribed sockets, by the member holding them. */
    public Map<String, List<StreamTarget>> targetsByMember(String vnode) {
        // Read afresh for every push (one partition read): a socket that got its SUB answer is in the next push,
        // whichever member it subscribed through.
        HazelcastJsonValue value = subscribers.get(vnode);
        Map<String, List<StreamTarget>> byMember = new HashMap<>();
        if (value != null) {
            decode(value).forEach(s -> byMember.computeIfAbsent(s.member(), m -> new ArrayList<>())
                    .add(new StreamTarget(s.connection(), s.raw())));
        }
        return byMember;
    }

    /** Drops the subscriptions of a member that left the cluster. */
    public void purgeMember(String member) {
        for (String vnode : subscribers.keySet(Predicates.equal("subs[any].member", member))) {
            update(vnode, subs -> {
                subs.removeIf(s -> s.member().equals(member));
                return subs;
            });
        }
    }

    private void update(String vnode, UnaryOperator<List<Subscriber>> change) {
        while (true) {
            HazelcastJsonValue old = subscribers.get(vnode);
            List<Subscriber> subs = change.apply(old == null ? new ArrayList<>() : new ArrayList<>(decode(old)));
            boolean done;
            if (old == null) {
                done = subs.isEmpty() || subscribers.putIfAbsent(vnode, encode(subs)) == null;
            } else if (subs.isEmpty()) {
                done = subscribers.remove(vnode, old);
            } else {
                done = subscribers.replace(vnode, old, encode(subs));
            }
            if (done) {
                return;
            }
        }
    }

    private static HazelcastJsonValue encode(List<Subscriber> subs) {
        JsonArrayBuilder array = JSON.createArrayBuilder();
        subs.forEach(s -> array.add(JSON.createObjectBuilder()
                .add("member", s.member()).add("conn", s.connection()).add("raw", s.raw())));
        return new HazelcastJsonValue(JSON.createObjectBuilder().add("subs", array).build().toString());
    }

    private static List<Subscriber> decode(HazelcastJsonValue value) {
        try (JsonReader reader = JSON.createReader(new StringReader(value.getValue()))) {
            List<Subscriber> subs = new ArrayList<>();
            for (JsonObject s : reader.readObject().getJsonArray("subs").getValuesAs(JsonObject.class)) {
                subs.add(new Subscriber(s.getString("member"), s.getJsonNumber("conn").longValue(), s.getBoolean("raw")));
            }
            return subs;
        }
    }

    private record Subscriber(String member, long connection, boolean raw) {
    }

    /** @param renewedNanos {@link System#nanoTime()} of the last renewal this member made or assumed */
    private record CachedVroom(String founder, long renewedNanos) {
    }

    private final class VroomGone implements EntryRemovedListener<String, String>, EntryExpiredListener<String, String> {
        @Override
        public void entryRemoved(EntryEvent<String, String> event) {
            founders.remove(event.getKey());
        }

        @Override
        public void entryExpired(EntryEvent<String, String> event) {
            founders.remove(event.getKey());
        }
    }

    private final class SubscribersCleanup implements EntryRemovedListener<String, String>,
            EntryExpiredListener<String, String> {
        @Override
        public void entryRemoved(EntryEvent<String, String> event) {
            subscribers.delete(event.getKey());
        }

        @Override
        public void entryExpired(EntryEvent<String, String> event) {
            subscribers.delete(event.getKey());
        }
    }
}
