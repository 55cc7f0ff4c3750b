package org.parley.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;

/**
 * What two users are to each other: one row per pair, holding both directions (friendship requests and blocks),
 * so a check or a change is always one row in one shard. The shard is chosen by {@code pair_key}; the two node
 * columns are indexed because rosters and block lists are read by user over every shard.
 */
@Entity
@Table(name = "parley_relation", indexes = {
        @Index(name = "parley_relation_low", columnList = "low_node"),
        @Index(name = "parley_relation_high", columnList = "high_node"),
        @Index(name = "parley_relation_slot", columnList = "shard_slot")})
public class RelationEntity extends SlottedRow {

    /** {@code p:<low node>:<high node>}. */
    @Id
    @Column(name = "pair_key", length = 140)
    private String pairKey;

    /** The node that sorts first. */
    @Column(name = "low_node", length = 64, nullable = false)
    private String lowNode;

    @Column(name = "high_node", length = 64, nullable = false)
    private String highNode;

    /** The low user asked the high one for friendship (both asked: friends). */
    @Column(name = "low_requested", nullable = false)
    private boolean lowRequested;

    @Column(name = "high_requested", nullable = false)
    private boolean highRequested;

    /** The low user blocked the high one. */
    @Column(name = "low_blocked", nullable = false)
    private boolean lowBlocked;

    @Column(name = "high_blocked", nullable = false)
    private boolean highBlocked;

    /** Last change, nanoseconds since the epoch. */
    @Column(name = "changed_at", nullable = false)
    private long changedAt;

    protected RelationEntity() {
    }

    public RelationEntity(int slot, String pairKey, String lowNode, String highNode) {
        super(slot);
        this.pairKey = pairKey;
        this.lowNode = lowNode;
        this.highNode = highNode;
    }

    public String getPairKey() {
        return pairKey;
    }

    public String getLowNode() {
        return lowNode;
    }

    public String getHighNode() {
        return highNode;
    }

    public boolean isLowRequested() {
        return lowRequested;
    }

    public boolean isHighRequested() {
        return highRequested;
    }

    public boolean isLowBlocked() {
        return lowBlocked;
    }

    public boolean isHighBlocked() {
        return highBlocked;
    }

    public long getChangedAt() {
        return changedAt;
    }

    public void set(boolean lowRequested, boolean highRequested, boolean lowBlocked, boolean highBlocked, long changedAt) {
        this.lowRequested = lowRequested;
        this.highRequested = highRequested;
        this.lowBlocked = lowBlocked;
        this.highBlocked = highBlocked;
        this.changedAt = changedAt;
    }
}
