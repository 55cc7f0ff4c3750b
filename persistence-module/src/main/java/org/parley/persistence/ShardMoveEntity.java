package org.parley.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The durable record of one move of a slot range to a target shard (or of its rollback): what was asked, how far it
 * got, and how it ended. A node that dies mid-move leaves the record behind; the operator resumes or rolls back from
 * it. Lives in the catalog shard only.
 */
@Entity
@Table(name = "parley_shard_move")
public class ShardMoveEntity {

    @Id
    @Column(name = "id", length = 40)
    private String id;

    @Column(name = "first_slot", nullable = false)
    private int firstSlot;

    @Column(name = "last_slot", nullable = false)
    private int lastSlot;

    @Column(name = "target", length = 64, nullable = false)
    private String target;

    /** The map version the move started from: a rollback gives each slot back to its owner in that version. */
    @Column(name = "base_version", nullable = false)
    private long baseVersion;

    @Column(name = "rolling_back", nullable = false)
    private boolean rollingBack;

    @Column(name = "state", length = 20, nullable = false)
    private String state;

    /** The first slot not yet switched: every slot before it is done. */
    @Column(name = "next_slot", nullable = false)
    private int nextSlot;

    @Column(name = "rows_copied", nullable = false)
    private long rowsCopied;

    @Column(name = "rows_deleted", nullable = false)
    private long rowsDeleted;

    /** Epoch milliseconds. */
    @Column(name = "started_at", nullable = false)
    private long startedAt;

    /** Epoch milliseconds. */
    @Column(name = "updated_at", nullable = false)
    private long updatedAt;

    @Column(name = "error", length = 2000)
    private String error;

    protected ShardMoveEntity() {
    }

    public ShardMoveEntity(String id, int firstSlot, int lastSlot, String target, long baseVersion, long now) {
        this.id = id;
        this.firstSlot = firstSlot;
        this.lastSlot = lastSlot;
        this.target = target;
        this.baseVersion = baseVersion;
        this.state = "RUNNING";
        this.nextSlot = firstSlot;
        this.startedAt = now;
        this.updatedAt = now;
    }

    public String getId() {
        return id;
    }

    public int getFirstSlot() {
        return firstSlot;
    }

    public int getLastSlot() {
        return lastSlot;
    }

    public String getTarget() {
        return target;
    }

    public long getBaseVersion() {
        return baseVersion;
    }

    public boolean isRollingBack() {
        return rollingBack;
    }

    public String getState() {
        return state;
    }

    public int getNextSlot() {
        return nextSlot;
    }

    public long getRowsCopied() {
        return rowsCopied;
    }

    public long getRowsDeleted() {
        return rowsDeleted;
    }

    public long getStartedAt() {
        return startedAt;
    }

    public long getUpdatedAt() {
        return updatedAt;
    }

    public String getError() {
        return error;
    }

    /** Records a finished batch: every slot before {@code next} is switched (or, rolling back, given back). */
    public void progressed(int next, long copied, long deleted, long now) {
        this.nextSlot = next;
        this.rowsCopied += copied;
        this.rowsDeleted += deleted;
        this.updatedAt = now;
    }

    public void changeState(String newState, String newError, long now) {
        this.state = newState;
        this.error = newError == null || newError.length() <= 2000 ? newError : newError.substring(0, 2000);
        this.updatedAt = now;
    }

    /** Turns the move around: from its first slot again, each slot back to its owner in the base version. */
    public void startRollback(long now) {
        this.rollingBack = true;
        this.nextSlot = firstSlot;
        changeState("RUNNING", null, now);
    }
}
