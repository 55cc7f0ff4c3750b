package org.parley.protocol;

/**
 * Frame type codes (byte 0, bits 0–6) and the meanings of bit 7 (§1.4, §4).
 */
public final class FrameType {

    public static final int ACK = 12;
    public static final int PING = 13;
    public static final int REGISTER = 14;
    public static final int TOKEN = 15;
    public static final int AUTH = 16;
    public static final int OFFLINEMSG = 17;
    public static final int OFFLINEMSGEND = 18;
    public static final int BROADPRESENCE = 19;
    public static final int LOGOUT = 20;
    public static final int PULLMESSAGE = 21;
    public static final int VROOM = 22;
    public static final int BUSINESS = 41;
    public static final int NODES = 42;
    public static final int MESSAGE = 90;
    public static final int PRESENCE = 91;
    public static final int REVOKEMESSAGE = 92;
    public static final int BURNMESSAGE = 93;
    public static final int STREAM = 94;
    public static final int BIGSTRING = 95;
    public static final int BIGBINARY = 96;
    public static final int BIGBINARYSTREAM = 97;

    /** Client → server, bit 7 of byte 0: the body is JSON rather than Thrift compact. */
    public static final int JSON_FLAG = 0x80;
    /** Server → client, bit 7 of byte 0: a 4-byte sync id follows and the client must ack it. */
    public static final int ACK_REQUIRED = 0x80;
    /** Bits 0–6 of byte 0: the frame type proper. */
    public static final int TYPE_MASK = 0x7F;

    private FrameType() {
    }

    /** Rejects codes that do not fit in bits 0–6, for frame builders. */
    static int requireValid(int type) {
        if ((type & ~TYPE_MASK) != 0) {
            throw new IllegalArgumentException("frame type out of range: " + type);
        }
        return type;
    }

    /** The catalogue name of a type code, for logs; {@code UNKNOWN(n)} for codes tim does not define. */
    public static String name(int type) {
        return switch (type) {
            case ACK -> "ACK";
            case PING -> "PING";
            case REGISTER -> "REGISTER";
            case TOKEN -> "TOKEN";
            case AUTH -> "AUTH";
            case OFFLINEMSG -> "OFFLINEMSG";
            case OFFLINEMSGEND -> "OFFLINEMSGEND";
            case BROADPRESENCE -> "BROADPRESENCE";
            case LOGOUT -> "LOGOUT";
            case PULLMESSAGE -> "PULLMESSAGE";
            case VROOM -> "VROOM";
            case BUSINESS -> "BUSINESS";
            case NODES -> "NODES";
            case MESSAGE -> "MESSAGE";
            case PRESENCE -> "PRESENCE";
            case REVOKEMESSAGE -> "REVOKEMESSAGE";
            case BURNMESSAGE -> "BURNMESSAGE";
            case STREAM -> "STREAM";
            case BIGSTRING -> "BIGSTRING";
            case BIGBINARY -> "BIGBINARY";
            case BIGBINARYSTREAM -> "BIGBINARYSTREAM";
            default -> "UNKNOWN(" + type + ")";
        };
    }
}
