package org.parley.protocol;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a connection's inbound WebSocket messages into complete big-data frames (§5.15, §6.2 item 5).
 * One per connection, fed in arrival order; not thread-safe.
 *
 * <p>Clients send two forms, told apart by bytes 1–4:
 * <ul>
 * <li>timjs prefixes a big-endian length L of the whole frame. Byte 1 is then 0x00 for any frame
 * under 16 MiB (no node starts with 0x00); larger frames are recognised by L equalling the message
 * length. Such a frame may be split over consecutive WebSocket messages, which are collected until L
 * bytes have arrived.
 * <li>atim and timgo send no prefix: the whole message is the frame.
 * </ul>
 *
 * <p>Typical use, per inbound message: if {@link #continues} says so, or the message's type is a
 * big-data type, pass it to {@link #accept}; otherwise dispatch it as an ordinary frame.
 */
public final class BigDataAssembler {

    /** v2's effective limit: the default maximum WebSocket message of its library (§1.2). */
    public static final int DEFAULT_MAX_FRAME_SIZE = 32 << 20;

    private static final int MIN_FRAME_LENGTH = 6;

    private final int maxFrameSize;
    /** The messages of the frame being collected; kept as they are to copy the bytes only once. */
    private final List<byte[]> parts = new ArrayList<>();
    /** L of the frame being collected, 0 when none is. */
    private int declaredLength;
    private int receivedLength;
    /** The pending frame was refused as too large: its remaining parts are read and thrown away. */
    private boolean discarding;

    public BigDataAssembler() {
        this(DEFAULT_MAX_FRAME_SIZE);
    }

    /** @param maxFrameSize the largest frame accepted, length prefix included */
    public BigDataAssembler(int maxFrameSize) {
        if (maxFrameSize < MIN_FRAME_LENGTH) {
            throw new IllegalArgumentException("maxFrameSize too small: " + maxFrameSize);
        }
        this.maxFrameSize = maxFrameSize;
    }

    /** Whether part of a length-prefixed frame has arrived and the rest is awaited. */
    public boolean pending() {
        return declaredLength > 0;
    }

    /**
     * Whether {@code wsMessage} would be taken as the next part of the pending frame. As in v2, any
     * message that fits within the declared length is, whatever its first byte; one that would
     * overshoot is a new frame of its own.
     */
    public boolean continues(byte[] wsMessage) {
        return pending() && (long) receivedLength + wsMessage.length <= declaredLength;
    }

    /**
     * Takes one WebSocket message: the next part of the pending frame if it {@linkplain #continues
     * continues} it, otherwise the start of a new big-data frame, in which case any pending partial
     * frame is dropped. The message array is kept until the frame is complete and must not be reused
     * by the caller meanwhile.
     *
     * @return the complete frame, or null while more messages are needed
     * @throws BigDataException if the frame is malformed or too large; nothing stays pending then, except that
     *     the remaining parts of a too-large length-prefixed frame are still recognised (as continuing it) and
     *     thrown away, so they are not mistaken for frames of their own
     * @throws IllegalArgumentException if the message neither continues a frame nor starts one
     */
    public BigData accept(byte[] wsMessage) {
        if (continues(wsMessage)) {
            receivedLength += wsMessage.length;
            if (discarding) {
                if (receivedLength == declaredLength) {
                    reset();
                }
                return null;
            }
            parts.add(wsMessage);
            return receivedLength == declaredLength ? complete() : null;
        }
        reset();
        return start(wsMessage);
    }

    private BigData start(byte[] message) {
        int type = message.length == 0 ? -1 : message[0] & FrameType.TYPE_MASK;
        if (!BigData.isBigData(type)) {
            throw new IllegalArgumentException("not a big-data frame");
        }
        if (message.length < MIN_FRAME_LENGTH) {
            throw new BigDataException(BigDataException.Reason.TOO_SHORT,
                    "big-data frame of " + message.length + " bytes");
        }
        int declared = ByteBuffer.wrap(message).getInt(1);
        boolean prefixed = message[1] == 0 || declared == message.length;
        if (!prefixed) {
            requireWithinLimit(message.length);
            return BigData.split(type, message, 1, message.length);
        }
        if (declared < message.length) {
            throw new BigDataException(BigDataException.Reason.LENGTH_MISMATCH,
                    "declared length " + declared + " < message length " + message.length);
        }
        if (declared > maxFrameSize && declared > message.length) {
            // The rest of this frame is on its way: swallow it rather than read its parts as frames of their own.
            declaredLength = declared;
            receivedLength = message.length;
            discarding = true;
        }
        requireWithinLimit(declared);
        if (declared == message.length) {
            return BigData.split(type, message, BigData.PREFIX_LENGTH, declared);
        }
        parts.add(message);
        declaredLength = declared;
        receivedLength = message.length;
        return null;
    }

    private void requireWithinLimit(int length) {
        if (length > maxFrameSize) {
            throw new BigDataException(BigDataException.Reason.TOO_LARGE,
                    "big-data frame of " + length + " bytes exceeds " + maxFrameSize);
        }
    }

    private BigData complete() {
        ByteBuffer frame = ByteBuffer.allocate(declaredLength);
        for (byte[] part : parts) {
            frame.put(part);
        }
        int type = frame.get(0) & FrameType.TYPE_MASK;
        reset();
        return BigData.split(type, frame.array(), BigData.PREFIX_LENGTH, frame.capacity());
    }

    /**
     * Drops the pending frame's parts: for a socket that closed mid-frame, whose endpoint the container may keep a
     * while (up to 16 MiB of parts otherwise stay reachable).
     */
    public void discard() {
        reset();
    }

    private void reset() {
        discarding = false;
        parts.clear();
        declaredLength = 0;
        receivedLength = 0;
    }
}
