package org.parley.protocol;

/**
 * Encodes and decodes struct bodies. tim has two body encodings, chosen per frame by the client and
 * per socket by the server (§1.4, §1.7); both are stateless and thread-safe.
 */
public interface WireCodec {

    /** The body bytes of {@code struct}, without any frame header. */
    byte[] encode(TimStruct<?> struct);

    /**
     * Reads one struct from {@code length} bytes at {@code offset}.
     *
     * @throws ProtocolException if the bytes are not a readable struct
     */
    <T extends TimStruct<T>> T decode(byte[] data, int offset, int length, Class<T> type);

    /** Reads one struct from the whole of {@code data}. */
    default <T extends TimStruct<T>> T decode(byte[] data, Class<T> type) {
        return decode(data, 0, data.length, type);
    }

    /** The codec for a frame whose JSON flag is {@code json}. */
    static WireCodec of(boolean json) {
        return json ? JsonCodec.INSTANCE : ThriftCodec.INSTANCE;
    }
}
