package org.parley.infrastructure.persistence;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;
import org.parley.persistence.Slots;

/**
 * One version of the slot-to-shard assignment: every slot has exactly one owner. Immutable; a change makes the next
 * version. The durable copy is a {@link org.parley.persistence.ShardMapEntity} in the catalog shard, written as
 * "first-last=shard" ranges.
 */
public final class ShardMap {

    private final long version;
    private final String[] owners;

    private ShardMap(long version, String[] owners) {
        this.version = version;
        this.owners = owners;
    }

    /**
     * Version 1: contiguous, equal slot ranges over {@code shards} in their order. This is also how slots were
     * assigned before the map was durable, so a deployment that starts with a map finds its rows where they are.
     */
    public static ShardMap initial(List<String> shards) {
        if (shards.isEmpty()) {
            throw new IllegalArgumentException("at least one shard is required");
        }
        String[] owners = new String[Slots.COUNT];
        for (int slot = 0; slot < Slots.COUNT; slot++) {
            owners[slot] = shards.get(slot * shards.size() / Slots.COUNT);
        }
        return new ShardMap(1, owners);
    }

    /** Reads the form {@link #encoded()} writes; every slot must be covered exactly once. */
    public static ShardMap parse(long version, String ranges) {
        String[] owners = new String[Slots.COUNT];
        for (String range : ranges.split(",")) {
            int eq = range.indexOf('=');
            int dash = range.indexOf('-');
            if (eq < 0 || dash < 0 || dash > eq) {
                throw new IllegalArgumentException("not a slot range: " + range);
            }
            int first = Integer.parseInt(range.substring(0, dash).trim());
            int last = Integer.parseInt(range.substring(dash + 1, eq).trim());
            String shard = range.substring(eq + 1).trim();
            checkRange(first, last);
            for (int slot = first; slot <= last; slot++) {
                if (owners[slot] != null) {
                    throw new IllegalArgumentException("slot " + slot + " is assigned twice");
                }
                owners[slot] = shard;
            }
        }
        for (int slot = 0; slot < Slots.COUNT; slot++) {
            if (owners[slot] == null) {
                throw new IllegalArgumentException("slot " + slot + " has no shard");
            }
        }
        return new ShardMap(version, owners);
    }

    static void checkRange(int first, int last) {
        if (first < 0 || last >= Slots.COUNT || first > last) {
            throw new IllegalArgumentException("slot range " + first + "-" + last + " is not within 0-"
                    + (Slots.COUNT - 1));
        }
    }

    public long version() {
        return version;
    }

    public String ownerOf(int slot) {
        return owners[slot];
    }

    /** The next version, in which each slot of {@code first..last} belongs to {@code newOwner.apply(slot)}. */
    public ShardMap with(int first, int last, IntFunction<String> newOwner) {
        checkRange(first, last);
        String[] next = owners.clone();
        for (int slot = first; slot <= last; slot++) {
            next[slot] = newOwner.apply(slot);
        }
        return new ShardMap(version + 1, next);
    }

    /** Shards that own at least one slot, in slot order. */
    public Set<String> shards() {
        return new LinkedHashSet<>(Arrays.asList(owners));
    }

    /** The contiguous slot ranges {@code shard} owns, as {first, last} pairs in slot order; empty if none. */
    public List<int[]> rangesOf(String shard) {
        List<int[]> ranges = new ArrayList<>();
        for (Range r : ranges()) {
            if (r.shard().equals(shard)) {
                ranges.add(new int[] {r.first(), r.last()});
            }
        }
        return ranges;
    }

    /** Every maximal run of slots with one owner, in slot order. */
    public List<Range> ranges() {
        List<Range> ranges = new ArrayList<>();
        int start = 0;
        for (int slot = 1; slot <= Slots.COUNT; slot++) {
            if (slot == Slots.COUNT || !owners[slot].equals(owners[start])) {
                ranges.add(new Range(start, slot - 1, owners[start]));
                start = slot;
            }
        }
        return ranges;
    }

    /** "first-last=shard,...": the durable form. */
    public String encoded() {
        StringBuilder b = new StringBuilder();
        for (Range r : ranges()) {
            if (!b.isEmpty()) {
                b.append(',');
            }
            b.append(r.first()).append('-').append(r.last()).append('=').append(r.shard());
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return "v" + version + " " + encoded();
    }

    /** Slots {@code first..last}, all owned by {@code shard}. */
    public record Range(int first, int last, String shard) {
    }
}
