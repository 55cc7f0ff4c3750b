package org.parley.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;

/**
 * One version of the shard map: which shard owns which slot ranges. Versions are only ever added (the newest one
 * is in force), so the history of every change stays readable. Lives in the catalog shard only (the first one
 * configured); it is not a slotted row and never moves.
 */
@Entity
@Table(name = "parley_shard_map")
public class ShardMapEntity {

    @Id
    @Column(name = "version")
    private long version;

    /** "first-last=shard" ranges, comma-separated, covering every slot once. */
    @Lob
    @Column(name = "ranges", nullable = false)
    private String ranges;

    /** Epoch milliseconds. */
    @Column(name = "created_at", nullable = false)
    private long createdAt;

    /** What made this version: "initial", or the move that switched slots. */
    @Column(name = "reason", length = 200, nullable = false)
    private String reason;

    protected ShardMapEntity() {
    }

    public ShardMapEntity(long version, String ranges, long createdAt, String reason) {
        this.version = version;
        this.ranges = ranges;
        this.createdAt = createdAt;
        this.reason = reason;
    }

    public long getVersion() {
        return version;
    }

    public String getRanges() {
        return ranges;
    }

    public long getCreatedAt() {
        return createdAt;
    }

    public String getReason() {
        return reason;
    }
}
