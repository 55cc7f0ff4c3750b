package org.parley.protocol;

/**
 * Common base of the twelve structs of tim's IDL (§1.8). A struct is a plain mutable bean whose
 * fields are all nullable: {@code null} means "not set", i.e. absent on the wire.
 *
 * <p>Equality, hashing, {@link #copy()} and {@link #toString()} are by value and follow the IDL
 * schema, so binaries compare by content and copies share no mutable state.
 *
 * @param <T> the struct's own class
 */
public abstract sealed class TimStruct<T extends TimStruct<T>>
        permits Tid, TimError, TimAck, TimReq, TimAuth, TimUserBean, TimRoomBean, TimPresence,
        TimMessage, TimStream, TimNodes, TimMessageList {

    TimStruct() {
    }

    abstract StructSchema<T> schema();

    /** A deep copy: lists, maps, binaries and nested structs are copied too. */
    public final T copy() {
        return schema().copy(self());
    }

    @Override
    public final boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        return other != null && other.getClass() == getClass()
                && schema().equals(self(), schema().cast(other));
    }

    @Override
    public final int hashCode() {
        return schema().hashCode(self());
    }

    /** Set fields only, by IDL name; binaries are shown as their length. */
    @Override
    public final String toString() {
        return schema().toString(self());
    }

    private T self() {
        return schema().cast(this);
    }
}
