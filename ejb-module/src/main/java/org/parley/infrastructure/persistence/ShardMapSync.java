package org.parley.infrastructure.persistence;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.parley.infrastructure.cluster.ClusterMembers;
import org.parley.infrastructure.config.ParleyConfig;

/**
 * Keeps every node on the same shard map, without a master. At startup a node loads the newest durable version
 * (writing version 1 on a new deployment). A move then coordinates through two Hazelcast maps:
 * <ul>
 * <li>{@value #CONTROL}: {@code frozen} names the slot range being switched and the member coordinating it. Every
 * node listens: on {@code frozen} it freezes the range in its {@link SlotGate}, waits for its writers to leave, and
 * reports itself drained; when {@code frozen} goes away it loads the newest durable map first and only then lets
 * writers through, so no write reaches the shard the range has left.</li>
 * <li>{@value #DRAINED} and {@value #INSTALLED}: per member, the last freeze it drained and the map version it
 * serves, which the coordinator waits on.</li>
 * </ul>
 * Events are handled one after another on a managed thread, never on Hazelcast's event threads (a drain may wait).
 * A coordinator that dies leaves {@code frozen} behind; every node removes it when the member leaves.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ShardMapSync {

    static final String CONTROL = "parley-shard-control";
    static final String DRAINED = "parley-shard-drained";
    static final String INSTALLED = "parley-shard-installed";
    private static final String FROZEN = "frozen";

    private static final Logger LOG = Logger.getLogger(ShardMapSync.class.getName());

    @Inject
    ShardResolver resolver;

    @Inject
    ShardMapStore store;

    @Inject
    ShardEntityManagerFactories factories;

    @Inject
    SlotGate gate;

    @Inject
    ClusterMembers members;

    @Inject
    ParleyConfig config;

    @Resource
    ManagedExecutorService executor;

    private CompletableFuture<Void> events = CompletableFuture.completedFuture(null);
    private UUID controlListener;
    private UUID membershipListener;

    /** A slot range frozen for a move: who coordinates it, and the epoch members report when drained. */
    public record Freeze(String move, int first, int last, String coordinator, String epoch) {

        static Freeze parse(String value) {
            String[] p = value.split("\\|");
            return new Freeze(p[0], Integer.parseInt(p[1]), Integer.parseInt(p[2]), p[3], p[4]);
        }

        String encoded() {
            return move + "|" + first + "|" + last + "|" + coordinator + "|" + epoch;
        }
    }

    @PostConstruct
    void start() {
        install(store.loadOrCreate(ShardMap.initial(config.shards())));
        // Registered before listening: a freeze seen from now on is acknowledged after this, never overwritten by it.
        drained().put(members.localMember(), "");
        controlListener = control().addEntryListener(new ControlListener(), true);
        membershipListener = members.hazelcast().getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                // nothing to do: a new member loads the map itself
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                purgeMember(event.getMember().getUuid().toString());
            }
        });
        // A freeze or a switch may have happened between loading the map and listening.
        enqueue(this::catchUp);
        String frozen = control().get(FROZEN);
        if (frozen != null && !members.members().contains(Freeze.parse(frozen).coordinator())) {
            // Its coordinator died before this node joined, so no membership event will tell this node to lift it.
            control().remove(FROZEN, frozen);
        } else if (frozen != null) {
            enqueue(() -> onFrozen(Freeze.parse(frozen)));
        }
    }

    @PreDestroy
    void stop() {
        control().removeEntryListener(controlListener);
        members.hazelcast().getCluster().removeMembershipListener(membershipListener);
        drained().remove(members.localMember());
        installed().remove(members.localMember());
    }

    /**
     * Freezes {@code first..last} on every node and waits until each reports its writers gone.
     *
     * @throws IllegalStateException if a node did not drain within {@code parley.shard.freeze-timeout}; the freeze
     *         is lifted again before this throws
     */
    public Freeze freezeEverywhere(String move, int first, int last) {
        Freeze freeze = new Freeze(move, first, last, members.localMember(), UUID.randomUUID().toString());
        String previous = control().putIfAbsent(FROZEN, freeze.encoded());
        if (previous != null && !members.members().contains(Freeze.parse(previous).coordinator())) {
            // Left by a coordinator that died (a resumed move meets its own old freeze); the membership listeners
            // lift it too, but may not have run yet. Removing it thaws every node before the new freeze arrives.
            control().remove(FROZEN, previous);
            previous = control().putIfAbsent(FROZEN, freeze.encoded());
        }
        if (previous != null) {
            Freeze other = Freeze.parse(previous);
            throw new IllegalStateException("slots " + other.first() + "-" + other.last() + " are frozen by move "
                    + other.move());
        }
        long deadline = System.nanoTime() + config.freezeTimeout().toNanos();
        Set<String> waiting;
        while (!(waiting = notYet(drained(), freeze.epoch())).isEmpty()) {
            if (System.nanoTime() > deadline) {
                thawEverywhere(freeze);
                throw new IllegalStateException("members " + waiting + " did not freeze slots " + first + "-" + last
                        + " within " + config.freezeTimeout());
            }
            LockSupport.parkNanos(2_000_000);
        }
        return freeze;
    }

    /** Lifts a freeze: each node first installs the newest durable map, then lets its writers through. */
    public void thawEverywhere(Freeze freeze) {
        control().remove(FROZEN, freeze.encoded());
    }

    /**
     * Waits until every node serves {@code version} (so no node still reads from a shard about to be emptied).
     *
     * @return false if some node had not installed it within {@code limit}
     */
    public boolean awaitInstalled(long version, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            boolean all = true;
            Set<String> alive = members.members();
            for (var e : installed().entrySet()) {
                if (alive.contains(e.getKey()) && Long.parseLong(e.getValue()) < version) {
                    all = false;
                }
            }
            if (all) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(2_000_000);
        }
    }

    /** The frozen range, if a move is switching one now. */
    public Optional<Freeze> frozen() {
        return Optional.ofNullable(control().get(FROZEN)).map(Freeze::parse);
    }

    /** Live members that have not reported {@code value}. */
    private Set<String> notYet(IMap<String, String> reports, String value) {
        Set<String> alive = members.members();
        Set<String> missing = new HashSet<>();
        for (var e : reports.entrySet()) {
            if (alive.contains(e.getKey()) && !value.equals(e.getValue())) {
                missing.add(e.getKey());
            }
        }
        return missing;
    }

    private void onFrozen(Freeze freeze) {
        if (gate.freeze(freeze.first(), freeze.last(), config.freezeTimeout())) {
            drained().put(members.localMember(), freeze.epoch());
        } else {
            LOG.warning(() -> "writers of slots " + freeze.first() + "-" + freeze.last() + " did not finish within "
                    + config.freezeTimeout() + "; move " + freeze.move() + " will give up this batch");
        }
    }

    private void onThawed(Freeze freeze) {
        try {
            catchUp();
        } finally {
            gate.thaw(freeze.first(), freeze.last());
        }
    }

    /** Installs the newest durable map if it is newer than the one this node serves (one query per freeze). */
    private void catchUp() {
        store.latest().ifPresent(this::install);
    }

    private void install(ShardMap map) {
        factories.open(map.shards());
        if (resolver.install(map)) {
            LOG.info(() -> "shard map " + map);
        }
        installed().put(members.localMember(), String.valueOf(resolver.map().version()));
    }

    private void purgeMember(String member) {
        String frozen = control().get(FROZEN);
        if (frozen != null && Freeze.parse(frozen).coordinator().equals(member)) {
            LOG.warning(() -> "the coordinator of a shard move left; lifting its freeze " + frozen);
            control().remove(FROZEN, frozen);
        }
        drained().remove(member);
        installed().remove(member);
    }

    private synchronized void enqueue(Runnable task) {
        events = events.thenRunAsync(task, executor).exceptionally(e -> {
            LOG.log(Level.WARNING, "shard map event failed", e);
            return null;
        });
    }

    private IMap<String, String> control() {
        return members.hazelcast().getMap(CONTROL);
    }

    private IMap<String, String> drained() {
        return members.hazelcast().getMap(DRAINED);
    }

    private IMap<String, String> installed() {
        return members.hazelcast().getMap(INSTALLED);
    }

    private final class ControlListener implements EntryAddedListener<String, String>,
            EntryUpdatedListener<String, String>, EntryRemovedListener<String, String> {

        @Override
        public void entryAdded(EntryEvent<String, String> event) {
            if (FROZEN.equals(event.getKey())) {
                Freeze freeze = Freeze.parse(event.getValue());
                enqueue(() -> onFrozen(freeze));
            }
        }

        @Override
        public void entryUpdated(EntryEvent<String, String> event) {
            entryAdded(event);
        }

        @Override
        public void entryRemoved(EntryEvent<String, String> event) {
            if (FROZEN.equals(event.getKey()) && event.getOldValue() != null) {
                Freeze freeze = Freeze.parse(event.getOldValue());
                enqueue(() -> onThawed(freeze));
            }
        }
    }
}
