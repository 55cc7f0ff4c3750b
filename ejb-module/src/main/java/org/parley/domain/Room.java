package org.parley.domain;

/**
 * A room as the rules see it. {@code bean} is what members wrote about the room (topic, cover, label, extend,
 * extra), kept as one opaque value.
 */
public final class Room {

    public static final int PRIVATE = 1;
    public static final int OPEN = 2;

    private final String node;
    private final String founder;
    private final int gtype;
    private final long createdAt;
    private boolean cancelled;
    private byte[] bean;

    public Room(String node, String founder, int gtype, long createdAt, boolean cancelled, byte[] bean) {
        this.node = node;
        this.founder = founder;
        this.gtype = gtype;
        this.createdAt = createdAt;
        this.cancelled = cancelled;
        this.bean = bean;
    }

    public String node() {
        return node;
    }

    public String founder() {
        return founder;
    }

    public int gtype() {
        return gtype;
    }

    public boolean isPrivate() {
        return gtype == PRIVATE;
    }

    public long createdAt() {
        return createdAt;
    }

    public boolean cancelled() {
        return cancelled;
    }

    public void cancel() {
        cancelled = true;
    }

    public byte[] bean() {
        return bean;
    }

    public void bean(byte[] newBean) {
        bean = newBean;
    }

    public ChatId chat() {
        return ChatId.room(node);
    }
}
