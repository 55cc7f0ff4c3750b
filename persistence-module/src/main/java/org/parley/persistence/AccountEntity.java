package org.parley.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;

/** A registered account. The account name is never stored: {@code node} is a keyed hash of name and domain. */
@Entity
@Table(name = "parley_account", indexes = @Index(name = "parley_account_slot", columnList = "shard_slot"))
public class AccountEntity extends SlottedRow {

    @Id
    @Column(name = "node", length = 64)
    private String node;

    @Column(name = "password_hash", length = 100, nullable = false)
    private String passwordHash;

    /** Registration time, nanoseconds since the epoch (tim's unit). */
    @Column(name = "created_at", nullable = false)
    private long createdAt;

    /** Until when an operator banned the account (nanoseconds); null or 0: not banned. Nullable: added later. */
    @Column(name = "banned_until")
    private Long bannedUntil;

    /** When an operator deactivated the account (nanoseconds); null or 0: active. */
    @Column(name = "deactivated_at")
    private Long deactivatedAt;

    protected AccountEntity() {
    }

    public AccountEntity(int slot, String node, String passwordHash, long createdAt) {
        super(slot);
        this.node = node;
        this.passwordHash = passwordHash;
        this.createdAt = createdAt;
    }

    public String getNode() {
        return node;
    }

    public String getPasswordHash() {
        return passwordHash;
    }

    public void setPasswordHash(String passwordHash) {
        this.passwordHash = passwordHash;
    }

    public long getCreatedAt() {
        return createdAt;
    }

    public long getBannedUntil() {
        return bannedUntil == null ? 0 : bannedUntil;
    }

    public void setBannedUntil(long bannedUntil) {
        this.bannedUntil = bannedUntil;
    }

    public long getDeactivatedAt() {
        return deactivatedAt == null ? 0 : deactivatedAt;
    }

    public void setDeactivatedAt(long deactivatedAt) {
        this.deactivatedAt = deactivatedAt;
    }
}
