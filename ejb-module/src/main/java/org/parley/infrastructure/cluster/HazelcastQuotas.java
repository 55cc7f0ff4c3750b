package org.parley.infrastructure.cluster;

import com.hazelcast.config.MapConfig;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.grid.hazelcast.Bucket4jHazelcast;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.parley.application.Quota;
import org.parley.application.Quotas;
import org.parley.infrastructure.config.Budget;
import org.parley.infrastructure.config.ParleyConfig;

/**
 * Cluster-wide quotas: one Bucket4j token bucket per quota and key, kept in a Hazelcast map that every node shares
 * ({@code parley-quotas}). The buckets change by compare-and-swap of byte[] values, so the member needs none of
 * Bucket4j's classes, and the map is made outside Payara's tenant control ({@link ClusterMembers#plainMap}). An
 * entry is evicted once idle for the longest budget period (its bucket is full again by then): idle keys cost
 * nothing. Refusals are counted per quota.
 */
@ApplicationScoped
public class HazelcastQuotas implements Quotas {

    private static final String MAP = "parley-quotas";

    @Inject
    ClusterMembers members;

    @Inject
    ParleyConfig config;

    private ProxyManager<String> buckets;
    private final Map<Quota, BucketConfiguration> sizes = new EnumMap<>(Quota.class);
    private final Map<Quota, AtomicLong> refusals = new EnumMap<>(Quota.class);
    private Set<String> trusted;

    @PostConstruct
    void init() {
        Duration longest = Duration.ofMinutes(1);
        for (Quota q : Quota.values()) {
            Optional<Budget> budget = config.budget(q);
            budget.ifPresent(b -> sizes.put(q, configuration(b)));
            if (budget.isPresent() && budget.get().period().compareTo(longest) > 0) {
                longest = budget.get().period();
            }
            refusals.put(q, new AtomicLong());
        }
        trusted = config.trustedAddresses();
        // Bucket4j's compare-and-swap manager cannot expire entries itself: the map does. A bucket untouched for a
        // whole period is full again, so dropping it changes nothing; every node adds the same configuration.
        members.hazelcast().getConfig().addMapConfig(new MapConfig(MAP).setMaxIdleSeconds(
                (int) Math.min(Integer.MAX_VALUE, longest.toSeconds() + 1)));
        buckets = Bucket4jHazelcast.<String>casBasedBuilder(members.plainMap(MAP)).build();
    }

    static BucketConfiguration configuration(Budget b) {
        return BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(b.uses()).refillGreedy(b.uses(), b.period()))
                .build();
    }

    @Override
    public boolean exhausted(Quota quota, String key) {
        if (!limited(quota, key) || buckets.getProxyConfiguration(bucketKey(quota, key)).isEmpty()) {
            return false; // a key that never used any: one read, and no bucket made for every successful login
        }
        if (bucket(quota, key).orElseThrow().getAvailableTokens() > 0) {
            return false;
        }
        refusals.get(quota).incrementAndGet();
        return true;
    }

    @Override
    public boolean take(Quota quota, String key) {
        Optional<BucketProxy> bucket = bucket(quota, key);
        if (bucket.isEmpty() || bucket.get().tryConsume(1)) {
            return true;
        }
        refusals.get(quota).incrementAndGet();
        return false;
    }

    /** Refusals since this node started, by quota (shown by {@code GET /api/cluster}). */
    public Map<Quota, Long> refusals() {
        Map<Quota, Long> counts = new EnumMap<>(Quota.class);
        refusals.forEach((q, n) -> counts.put(q, n.get()));
        return counts;
    }

    private boolean limited(Quota quota, String key) {
        return sizes.containsKey(quota) && !(quota.perAddress() && trusted.contains(key));
    }

    private static String bucketKey(Quota quota, String key) {
        return quota.name() + ":" + key;
    }

    private Optional<BucketProxy> bucket(Quota quota, String key) {
        if (!limited(quota, key)) {
            return Optional.empty();
        }
        BucketConfiguration size = sizes.get(quota);
        return Optional.of(buckets.getProxy(bucketKey(quota, key), () -> size));
    }
}
