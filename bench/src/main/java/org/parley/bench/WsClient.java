package org.parley.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A minimal RFC 6455 WebSocket client on the {@link NioLoop}: the HTTP/1.1 upgrade handshake (with the
 * {@code Origin} tim's clients send, and a check of {@code Sec-WebSocket-Accept}), masked binary frames and pings
 * out, and in: unmasked server frames with 7-, 16- or 64-bit lengths, messages fragmented over continuation frames,
 * pings answered with pongs, and the closing handshake. No extensions, no subprotocols: tim uses neither.
 */
final class WsClient extends NioConnection {

    /** What a WebSocket user sees; every call comes on the selector thread. */
    interface Listener {
        void onOpen(WsClient ws);

        /** One complete (reassembled) data message: opcode 1 or 2, payload. */
        void onMessage(WsClient ws, byte[] message);

        void onClosed(WsClient ws, Throwable cause);
    }

    static final String ORIGIN = "https://github.com/donnie4w/tim";
    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final int MAX_HANDSHAKE = 16 * 1024;
    /** The largest message accepted (the server's default limit for tim frames is 4 MiB). */
    private static final long MAX_MESSAGE = 64L * 1024 * 1024;

    private static final int OP_CONTINUATION = 0;
    private static final int OP_TEXT = 1;
    private static final int OP_BINARY = 2;
    private static final int OP_CLOSE = 8;
    private static final int OP_PING = 9;
    private static final int OP_PONG = 10;

    private final URI uri;
    private final Listener listener;
    private final String key;
    private boolean open;
    private boolean closeSent;
    /** A fragmented message being reassembled, or null. */
    private byte[] partial;
    private int partialLength;

    WsClient(URI uri, Listener listener) {
        this.uri = uri;
        this.listener = listener;
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        this.key = Base64.getEncoder().encodeToString(nonce);
    }

    @Override
    void onConnected() {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String request = "GET " + path + " HTTP/1.1\r\n"
                + "Host: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + "Origin: " + ORIGIN + "\r\n"
                + "\r\n";
        write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
    }

    /** Sends one binary message as a single masked frame; call on the selector thread. */
    void sendBinary(byte[] payload) {
        sendFrame(OP_BINARY, payload);
    }

    /** Sends a ping (empty payload); the server's pong is read and dropped. Call on the selector thread. */
    void ping() {
        if (open && !closeSent) {
            sendFrame(OP_PING, new byte[0]);
        }
    }

    /** Starts the closing handshake (status 1000); the socket is closed when the server answers, or at once. */
    void close() {
        if (isClosed()) {
            return;
        }
        if (open && !closeSent) {
            closeSent = true;
            sendFrame(OP_CLOSE, new byte[] {0x03, (byte) 0xE8});
        }
        closeNow();
    }

    private void sendFrame(int opcode, byte[] payload) {
        int length = payload.length;
        int header = 2 + (length < 126 ? 0 : length <= 0xFFFF ? 2 : 8) + 4;
        ByteBuffer frame = ByteBuffer.allocate(header + length);
        frame.put((byte) (0x80 | opcode)); // FIN, no fragmentation on the way out
        if (length < 126) {
            frame.put((byte) (0x80 | length));
        } else if (length <= 0xFFFF) {
            frame.put((byte) (0x80 | 126)).putShort((short) length);
        } else {
            frame.put((byte) (0x80 | 127)).putLong(length);
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask); // RFC 6455 §5.3: a fresh key per frame
        frame.put(mask);
        for (int i = 0; i < length; i++) {
            frame.put((byte) (payload[i] ^ mask[i & 3]));
        }
        write(frame.flip());
    }

    @Override
    void parse(ByteBuffer in) throws IOException {
        if (!open && !handshake(in)) {
            return;
        }
        while (!isClosed() && frame(in)) {
            // one complete frame handled per round
        }
    }

    /** Reads the 101 answer if it is complete; false while more bytes are needed. */
    private boolean handshake(ByteBuffer in) throws IOException {
        int end = headerEnd(in);
        if (end < 0) {
            if (in.remaining() > MAX_HANDSHAKE) {
                throw new IOException("handshake answer too long");
            }
            return false;
        }
        byte[] head = new byte[end - in.position()];
        in.get(head);
        String[] lines = new String(head, StandardCharsets.ISO_8859_1).split("\r\n");
        if (!lines[0].startsWith("HTTP/1.1 101")) {
            throw new IOException("upgrade refused: " + lines[0]);
        }
        String expected = accept(key);
        boolean accepted = false;
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("sec-websocket-accept")) {
                accepted = line.substring(colon + 1).trim().equals(expected);
            }
        }
        if (!accepted) {
            throw new IOException("missing or wrong Sec-WebSocket-Accept");
        }
        open = true;
        listener.onOpen(this);
        return true;
    }

    /** The position just after the blank line ending the HTTP header, or -1. */
    private static int headerEnd(ByteBuffer in) {
        for (int i = in.position(); i + 3 < in.limit(); i++) {
            if (in.get(i) == '\r' && in.get(i + 1) == '\n' && in.get(i + 2) == '\r' && in.get(i + 3) == '\n') {
                return i + 4;
            }
        }
        return -1;
    }

    static String accept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1")
                    .digest((key + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Handles one frame if it is complete; false (position unchanged) if more bytes are needed. */
    private boolean frame(ByteBuffer in) throws IOException {
        int start = in.position();
        if (in.remaining() < 2) {
            return false;
        }
        int b0 = in.get() & 0xFF;
        int b1 = in.get() & 0xFF;
        boolean fin = (b0 & 0x80) != 0;
        int opcode = b0 & 0x0F;
        boolean masked = (b1 & 0x80) != 0; // servers must not mask, but a masked frame is still readable
        long length = b1 & 0x7F;
        int extra = (length == 126 ? 2 : length == 127 ? 8 : 0) + (masked ? 4 : 0);
        if (in.remaining() < extra) {
            in.position(start);
            return false;
        }
        if (length == 126) {
            length = in.getShort() & 0xFFFF;
        } else if (length == 127) {
            length = in.getLong();
        }
        if (length < 0 || length > MAX_MESSAGE) {
            throw new IOException("frame length " + length + " out of range");
        }
        byte[] mask = null;
        if (masked) {
            mask = new byte[4];
            in.get(mask);
        }
        if (in.remaining() < length) {
            in.position(start);
            return false;
        }
        byte[] payload = new byte[(int) length];
        in.get(payload);
        if (mask != null) {
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i & 3];
            }
        }
        switch (opcode) {
            case OP_PING -> sendFrame(OP_PONG, payload);
            case OP_PONG -> {
                // nothing was asked
            }
            case OP_CLOSE -> {
                if (!closeSent) {
                    closeSent = true;
                    sendFrame(OP_CLOSE, payload.length >= 2 ? Arrays.copyOf(payload, 2) : new byte[0]);
                }
                closeNow();
            }
            case OP_TEXT, OP_BINARY -> {
                if (partial != null) {
                    throw new IOException("new message inside a fragmented one");
                }
                if (fin) {
                    listener.onMessage(this, payload);
                } else {
                    partial = payload;
                    partialLength = payload.length;
                }
            }
            case OP_CONTINUATION -> {
                if (partial == null) {
                    throw new IOException("continuation frame without a message");
                }
                if (partialLength + payload.length > MAX_MESSAGE) {
                    throw new IOException("message too long");
                }
                if (partial.length < partialLength + payload.length) {
                    partial = Arrays.copyOf(partial, Math.max(partial.length * 2, partialLength + payload.length));
                }
                System.arraycopy(payload, 0, partial, partialLength, payload.length);
                partialLength += payload.length;
                if (fin) {
                    byte[] message = Arrays.copyOf(partial, partialLength);
                    partial = null;
                    listener.onMessage(this, message);
                }
            }
            default -> throw new IOException("unknown opcode " + opcode);
        }
        return true;
    }

    @Override
    void onClosed(Throwable cause) {
        open = false;
        partial = null;
        listener.onClosed(this, cause);
    }
}
