package org.parley.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;

/**
 * A row that lives in the shard owning its slot. The slot follows from the row's shard key (a chat, a user, a room,
 * a user pair: see {@link Slots}); it is kept as a column so that moving a range of slots to another database can
 * select exactly the rows of that range, and so that a query scanning every shard can ignore the copies a move
 * leaves behind until it has finished.
 */
@MappedSuperclass
public abstract class SlottedRow {

    @Column(name = "shard_slot", nullable = false)
    private int slot;

    protected SlottedRow() {
    }

    protected SlottedRow(int slot) {
        if (slot < 0 || slot >= Slots.COUNT) {
            throw new IllegalArgumentException("slot " + slot + " is outside 0.." + (Slots.COUNT - 1));
        }
        this.slot = slot;
    }

    public int getSlot() {
        return slot;
    }
}
