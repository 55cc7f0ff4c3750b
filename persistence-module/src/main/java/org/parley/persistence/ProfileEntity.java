package org.parley.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;

/**
 * A user's profile, in the shard of the user's node. The whole profile is one opaque value ({@code payload}), so
 * encryption at rest can wrap it as one value; the registration time is not repeated here (it is the account's).
 */
@Entity
@Table(name = "parley_profile", indexes = @Index(name = "parley_profile_slot", columnList = "shard_slot"))
public class ProfileEntity extends SlottedRow {

    @Id
    @Column(name = "node", length = 64)
    private String node;

    @Lob
    @Column(name = "payload", nullable = false)
    private byte[] payload;

    /** Last change, nanoseconds since the epoch. */
    @Column(name = "changed_at", nullable = false)
    private long changedAt;

    protected ProfileEntity() {
    }

    public ProfileEntity(int slot, String node, byte[] payload, long changedAt) {
        super(slot);
        this.node = node;
        this.payload = payload;
        this.changedAt = changedAt;
    }

    public String getNode() {
        return node;
    }

    public byte[] getPayload() {
        return payload;
    }

    public long getChangedAt() {
        return changedAt;
    }

    /** Only for re-sealing the same profile under another key (key rotation): not a change, so changedAt stays. */
    public void setPayload(byte[] payload) {
        this.payload = payload;
    }

    public void replace(byte[] newPayload, long when) {
        this.payload = newPayload;
        this.changedAt = when;
    }
}
