package org.parley.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A minimal MQTT 3.1.1 client on the {@link NioLoop}, enough for a fan-out peer: CONNECT (clean session),
 * SUBSCRIBE at QoS 0, PUBLISH at QoS 0 both ways, PINGREQ, DISCONNECT. Incoming PUBLISH packets of any QoS are
 * read, but only QoS 0 is ever subscribed, so the broker sends nothing that needs an answer.
 */
final class MqttClient extends NioConnection {

    /** What an MQTT user sees; every call comes on the selector thread. */
    interface Listener {
        /** CONNACK with return code 0. */
        void onConnected(MqttClient mqtt);

        /** SUBACK for {@code packetId}; {@code granted} is the QoS granted, 0x80 for a refusal. */
        void onSubscribed(MqttClient mqtt, int packetId, int granted);

        void onPublish(MqttClient mqtt, String topic, byte[] payload);

        void onClosed(MqttClient mqtt, Throwable cause);
    }

    private static final int CONNECT = 1;
    private static final int CONNACK = 2;
    private static final int PUBLISH = 3;
    private static final int SUBSCRIBE = 8;
    private static final int SUBACK = 9;
    private static final int PINGREQ = 12;
    private static final int PINGRESP = 13;
    private static final int DISCONNECT = 14;

    private final String clientId;
    private final int keepAliveSeconds;
    private final Listener listener;
    private int nextPacketId = 1;

    MqttClient(String clientId, int keepAliveSeconds, Listener listener) {
        this.clientId = clientId;
        this.keepAliveSeconds = keepAliveSeconds;
        this.listener = listener;
    }

    @Override
    void onConnected() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        string(body, "MQTT");
        body.write(4); // protocol level 3.1.1
        body.write(0x02); // clean session, no will, no user name or password
        body.write(keepAliveSeconds >> 8);
        body.write(keepAliveSeconds & 0xFF);
        string(body, clientId);
        send(CONNECT << 4, body.toByteArray());
    }

    /** Subscribes at QoS 0; returns the packet id the SUBACK will carry. Call on the selector thread. */
    int subscribe(String topic) {
        int id = packetId();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(id >> 8);
        body.write(id & 0xFF);
        string(body, topic);
        body.write(0); // requested QoS 0
        send(SUBSCRIBE << 4 | 0x02, body.toByteArray()); // SUBSCRIBE's fixed-header flags must be 0010
        return id;
    }

    /** Publishes at QoS 0 (no packet id, nothing comes back). Call on the selector thread. */
    void publish(String topic, byte[] payload) {
        ByteArrayOutputStream body = new ByteArrayOutputStream(payload.length + topic.length() + 2);
        string(body, topic);
        body.writeBytes(payload);
        send(PUBLISH << 4, body.toByteArray());
    }

    void ping() {
        send(PINGREQ << 4, new byte[0]);
    }

    /** DISCONNECT, then the socket is closed. */
    void disconnect() {
        if (!isClosed()) {
            send(DISCONNECT << 4, new byte[0]);
            closeNow();
        }
    }

    private int packetId() {
        int id = nextPacketId;
        nextPacketId = nextPacketId == 0xFFFF ? 1 : nextPacketId + 1;
        return id;
    }

    private void send(int firstByte, byte[] body) {
        ByteBuffer packet = ByteBuffer.allocate(1 + 4 + body.length);
        packet.put((byte) firstByte);
        int length = body.length;
        do { // remaining length: 7 bits per byte, low first, high bit = more follow
            int digit = length % 128;
            length /= 128;
            packet.put((byte) (length > 0 ? digit | 0x80 : digit));
        } while (length > 0);
        packet.put(body);
        write(packet.flip());
    }

    private static void string(ByteArrayOutputStream out, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.write(bytes.length >> 8);
        out.write(bytes.length & 0xFF);
        out.writeBytes(bytes);
    }

    @Override
    void parse(ByteBuffer in) throws IOException {
        while (!isClosed() && packet(in)) {
            // one complete packet per round
        }
    }

    /** Handles one packet if it is complete; false (position unchanged) if more bytes are needed. */
    private boolean packet(ByteBuffer in) throws IOException {
        int start = in.position();
        if (in.remaining() < 2) {
            return false;
        }
        int first = in.get() & 0xFF;
        int length = 0;
        int multiplier = 1;
        int digit;
        int digits = 0;
        do {
            if (!in.hasRemaining()) {
                in.position(start);
                return false;
            }
            digit = in.get() & 0xFF;
            length += (digit & 0x7F) * multiplier;
            multiplier *= 128;
            if (++digits > 4) {
                throw new IOException("malformed remaining length");
            }
        } while ((digit & 0x80) != 0);
        if (in.remaining() < length) {
            in.position(start);
            return false;
        }
        int end = in.position() + length;
        switch (first >> 4) {
            case CONNACK -> {
                in.get(); // session present flag
                int code = in.get() & 0xFF;
                if (code != 0) {
                    throw new IOException("CONNECT refused, return code " + code);
                }
                listener.onConnected(this);
            }
            case SUBACK -> {
                int id = (in.get() & 0xFF) << 8 | in.get() & 0xFF;
                listener.onSubscribed(this, id, in.get() & 0xFF);
            }
            case PUBLISH -> {
                int qos = (first >> 1) & 0x03;
                int topicLength = (in.get() & 0xFF) << 8 | in.get() & 0xFF;
                byte[] topic = new byte[topicLength];
                in.get(topic);
                if (qos > 0) {
                    in.getShort(); // packet id: never asked for, so never acknowledged
                }
                byte[] payload = new byte[end - in.position()];
                in.get(payload);
                listener.onPublish(this, new String(topic, StandardCharsets.UTF_8), payload);
            }
            case PINGRESP -> {
                // alive
            }
            default -> throw new IOException("unexpected MQTT packet type " + (first >> 4));
        }
        in.position(end);
        return true;
    }

    @Override
    void onClosed(Throwable cause) {
        listener.onClosed(this, cause);
    }
}
