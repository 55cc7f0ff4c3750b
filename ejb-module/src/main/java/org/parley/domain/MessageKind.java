package org.parley.domain;

/** tim's message kinds ({@code odType}) and what each means for storage. */
public final class MessageKind {

    public static final int NORMAL = 1;
    public static final int REVOKE = 2;
    public static final int BURN = 3;
    public static final int BUSINESS = 4;
    public static final int STREAM = 5;
    public static final int BIG_STRING = 6;
    public static final int BIG_BINARY = 7;
    /** Kinds from this value up are defined by applications and relayed as they are. */
    public static final int FIRST_USER_DEFINED = 31;

    public static final int MS_SYSTEM = 1;
    public static final int MS_USER = 2;
    public static final int MS_ROOM = 3;

    private MessageKind() {
    }

    /** Only normal messages are kept in history and get a mid. */
    public static boolean isStored(int odType) {
        return odType == NORMAL;
    }
}
