package org.parley.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The generator's protocol code against hand-written servers on loopback: what a real server may send that the
 * benchmarks' Parley, mosquitto and ejabberd traffic does not always exercise (fragments, 64-bit lengths, pings
 * split over several TCP reads, XMPP stanzas and characters cut apart, a session that is not optional).
 */
class HarnessTest {

    @Test
    void webSocketHandshakeFramesFragmentsPingsAndMasking() throws Exception {
        byte[] small = "hi".getBytes(StandardCharsets.US_ASCII);
        byte[] medium = filled(300, 7); // 16-bit length
        byte[] large = filled(70_000, 3); // 64-bit length
        List<byte[]> received = new CopyOnWriteArrayList<>();
        CompletableFuture<byte[]> echoed = new CompletableFuture<>();
        CompletableFuture<byte[]> pong = new CompletableFuture<>();
        try (ServerSocket server = new ServerSocket(0); NioLoop loop = new NioLoop()) {
            CompletableFuture<Void> script = CompletableFuture.runAsync(() -> {
                try (Socket s = server.accept()) {
                    InputStream in = s.getInputStream();
                    OutputStream out = s.getOutputStream();
                    String request = readHead(in);
                    String key = header(request, "Sec-WebSocket-Key");
                    assertTrue(request.contains("Origin: " + WsClient.ORIGIN));
                    out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            + "Sec-WebSocket-Accept: " + WsClient.accept(key) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    ByteArrayOutputStream frames = new ByteArrayOutputStream();
                    frames.write(frame(true, 2, small));
                    frames.write(frame(true, 2, medium));
                    frames.write(frame(false, 2, Arrays.copyOfRange(large, 0, 1000))); // fragmented ...
                    frames.write(frame(true, 9, "ping!".getBytes(StandardCharsets.US_ASCII))); // ... a ping between
                    frames.write(frame(false, 0, Arrays.copyOfRange(large, 1000, 40_000)));
                    frames.write(frame(true, 0, Arrays.copyOfRange(large, 40_000, large.length)));
                    byte[] all = frames.toByteArray();
                    for (int i = 0; i < all.length; i += 777) { // in pieces that cut headers and payloads apart
                        out.write(all, i, Math.min(777, all.length - i));
                        out.flush();
                    }
                    DataInputStream data = new DataInputStream(in);
                    for (int i = 0; i < 2; i++) { // the pong and the client's message, in either order
                        int b0 = data.readUnsignedByte();
                        byte[] payload = readMasked(data);
                        if ((b0 & 0x0F) == 10) {
                            pong.complete(payload);
                        } else {
                            echoed.complete(payload);
                        }
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            CompletableFuture<WsClient> open = new CompletableFuture<>();
            WsClient ws = new WsClient(URI.create("ws://127.0.0.1:" + server.getLocalPort() + "/tim"), new WsClient.Listener() {
                @Override
                public void onOpen(WsClient w) {
                    open.complete(w);
                }

                @Override
                public void onMessage(WsClient w, byte[] message) {
                    received.add(message);
                    if (received.size() == 3) {
                        w.sendBinary(filled(200, 5));
                    }
                }

                @Override
                public void onClosed(WsClient w, Throwable cause) {
                    open.completeExceptionally(new IllegalStateException("closed", cause));
                }
            });
            loop.connect(new InetSocketAddress("127.0.0.1", server.getLocalPort()), ws);
            open.get(10, TimeUnit.SECONDS);
            assertArrayEquals("ping!".getBytes(StandardCharsets.US_ASCII), pong.get(10, TimeUnit.SECONDS));
            assertArrayEquals(filled(200, 5), echoed.get(10, TimeUnit.SECONDS));
            script.get(10, TimeUnit.SECONDS);
            assertEquals(3, received.size());
            assertArrayEquals(small, received.get(0));
            assertArrayEquals(medium, received.get(1));
            assertArrayEquals(large, received.get(2));
        }
    }

    @Test
    void mqttConnectSubscribePublishAcrossSplitReads() throws Exception {
        CompletableFuture<String> published = new CompletableFuture<>();
        List<String> got = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> two = new CompletableFuture<>();
        try (ServerSocket server = new ServerSocket(0); NioLoop loop = new NioLoop()) {
            CompletableFuture<Void> broker = CompletableFuture.runAsync(() -> {
                try (Socket s = server.accept()) {
                    DataInputStream in = new DataInputStream(s.getInputStream());
                    OutputStream out = s.getOutputStream();
                    assertEquals(0x10, in.readUnsignedByte());
                    in.readFully(new byte[readLength(in)]);
                    out.write(new byte[] {0x20, 2, 0, 0}); // CONNACK accepted
                    assertEquals(0x82, in.readUnsignedByte());
                    byte[] subscribe = new byte[readLength(in)];
                    in.readFully(subscribe);
                    out.write(new byte[] {(byte) 0x90, 3, subscribe[0], subscribe[1], 0}); // SUBACK QoS 0
                    ByteArrayOutputStream pubs = new ByteArrayOutputStream();
                    pubs.write(publish("t/1", "first"));
                    pubs.write(publish("t/1", "x".repeat(300))); // two-byte remaining length
                    byte[] all = pubs.toByteArray();
                    for (byte b : all) { // one byte at a time
                        out.write(b);
                        out.flush();
                    }
                    assertEquals(0x30, in.readUnsignedByte());
                    byte[] pub = new byte[readLength(in)];
                    in.readFully(pub);
                    published.complete(new String(pub, 2 + pub[1], pub.length - 2 - pub[1], StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            MqttClient client = new MqttClient("test", 60, new MqttClient.Listener() {
                @Override
                public void onConnected(MqttClient m) {
                    m.subscribe("t/1");
                }

                @Override
                public void onSubscribed(MqttClient m, int packetId, int granted) {
                    assertEquals(1, packetId);
                }

                @Override
                public void onPublish(MqttClient m, String topic, byte[] payload) {
                    got.add(topic + "=" + new String(payload, StandardCharsets.UTF_8));
                    if (got.size() == 2) {
                        m.publish("t/1", "back".getBytes(StandardCharsets.UTF_8));
                        two.complete(null);
                    }
                }

                @Override
                public void onClosed(MqttClient m, Throwable cause) {
                    two.completeExceptionally(new IllegalStateException("closed", cause));
                }
            });
            loop.connect(new InetSocketAddress("127.0.0.1", server.getLocalPort()), client);
            two.get(10, TimeUnit.SECONDS);
            assertEquals(List.of("t/1=first", "t/1=" + "x".repeat(300)), got);
            assertEquals("back", published.get(10, TimeUnit.SECONDS));
            broker.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void xmppAnonymousBindSessionJoinAndGroupchatAcrossSplitReads() throws Exception {
        String room = "r1@conference.example";
        List<String> bodies = new CopyOnWriteArrayList<>();
        CompletableFuture<String> ready = new CompletableFuture<>();
        CompletableFuture<String> joined = new CompletableFuture<>();
        CompletableFuture<String> configured = new CompletableFuture<>();
        CompletableFuture<Void> two = new CompletableFuture<>();
        CompletableFuture<String> sent = new CompletableFuture<>();
        CompletableFuture<String> refusal = new CompletableFuture<>();
        try (ServerSocket server = new ServerSocket(0); NioLoop loop = new NioLoop()) {
            CompletableFuture<Void> script = CompletableFuture.runAsync(() -> {
                try (Socket s = server.accept()) {
                    InputStream in = s.getInputStream();
                    OutputStream out = s.getOutputStream();
                    String header = "<?xml version='1.0'?><stream:stream id='1' version='1.0' xml:lang='en'"
                            + " xmlns:stream='http://etherx.jabber.org/streams' from='example' xmlns='jabber:client'>";
                    assertTrue(readUntil(in, "version='1.0'>").contains("to='example'"));
                    dribble(out, header + "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>"
                            + "<mechanism>PLAIN</mechanism><mechanism>ANONYMOUS</mechanism></mechanisms>"
                            + "</stream:features>");
                    assertTrue(readUntil(in, "/>").contains("mechanism='ANONYMOUS'"));
                    dribble(out, "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>");
                    readUntil(in, "version='1.0'>"); // the client's new stream header
                    // a session that is not optional must be started; whitespace between stanzas is skipped
                    dribble(out, header + "\n <stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/>"
                            + "<session xmlns='urn:ietf:params:xml:ns:xmpp-session'/></stream:features>");
                    assertTrue(readUntil(in, "</iq>").contains("<resource>res-0</resource>"));
                    dribble(out, "<iq type=\"result\" id=\"bind\"><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>"
                            + "<jid>anon1@example/res-0</jid></bind></iq>");
                    assertTrue(readUntil(in, "</iq>").contains("xmpp-session"));
                    dribble(out, "<iq type='result' id='session' from='example'/>");
                    String join = readUntil(in, "</presence>");
                    assertTrue(join.contains("to='" + room + "/m0'") && join.contains("maxstanzas='0'"), join);
                    // another occupant's presence first (a '>' inside a quoted value), then ours with 110
                    dribble(out, "<presence from='" + room + "/other' to='anon1@example/res-0'>"
                            + "<x xmlns='http://jabber.org/protocol/muc#user'><item role='a>b'/></x></presence>"
                            + "<presence from='" + room + "/m0'><x xmlns='http://jabber.org/protocol/muc#user'>"
                            + "<item role='moderator' affiliation='owner'/><status code='201'/><status code='110'/>"
                            + "</x></presence><message from='" + room + "' type='groupchat'><subject/></message>");
                    String config = readUntil(in, "</iq>");
                    assertTrue(config.contains("muc#owner") && config.contains("type='submit'"), config);
                    String id = config.substring(config.indexOf("id='") + 4, config.indexOf('\'', config.indexOf("id='") + 4));
                    dribble(out, "<iq type='result' id='" + id + "' from='" + room + "'/>"
                            + "<iq type='get' id='p1' from='example'><ping xmlns='urn:xmpp:ping'/></iq>");
                    refusal.complete(readUntil(in, "</iq>"));
                    dribble(out, "<message from='" + room + "/m9' type='groupchat'><body>a &amp; b &lt;c&gt; "
                            + "&#x263A;&#65; \u00e9</body></message> <message from='" + room + "/m9' type='chat'>"
                            + "<body>not groupchat</body></message><message from='" + room + "/m9'"
                            + " type='groupchat'><body/></message>");
                    sent.complete(readUntil(in, "</message>"));
                    dribble(out, "</stream:stream>");
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            XmppClient client = new XmppClient("example", "res-0", new XmppClient.Listener() {
                @Override
                public void onReady(XmppClient x, String jid) {
                    ready.complete(jid);
                    x.join(room, "m0");
                }

                @Override
                public void onJoined(XmppClient x, String r) {
                    joined.complete(r);
                    x.configureInstantRoom(r);
                }

                @Override
                public void onResult(XmppClient x, String id) {
                    configured.complete(id);
                }

                @Override
                public void onGroupchat(XmppClient x, String from, String body) {
                    bodies.add(from + ": " + body);
                    if (bodies.size() == 2) {
                        x.groupchat(room, "it's <5> & \"ok\"");
                        two.complete(null);
                    }
                }

                @Override
                public void onClosed(XmppClient x, Throwable cause) {
                    two.completeExceptionally(new IllegalStateException("closed", cause));
                }
            });
            loop.connect(new InetSocketAddress("127.0.0.1", server.getLocalPort()), client);
            assertEquals("anon1@example/res-0", ready.get(10, TimeUnit.SECONDS));
            assertEquals(room, joined.get(10, TimeUnit.SECONDS));
            assertTrue(configured.get(10, TimeUnit.SECONDS).startsWith("c"));
            String refused = refusal.get(10, TimeUnit.SECONDS);
            assertTrue(refused.contains("type='error'") && refused.contains("id='p1'")
                    && refused.contains("service-unavailable"), refused);
            two.get(10, TimeUnit.SECONDS);
            assertEquals(List.of(room + "/m9: a & b <c> \u263AA \u00e9", room + "/m9: "), bodies);
            assertEquals("<message to='" + room + "' type='groupchat'><body>it&apos;s &lt;5&gt; &amp; &quot;ok&quot;"
                    + "</body></message>", sent.get(10, TimeUnit.SECONDS));
            script.get(10, TimeUnit.SECONDS);
        }
    }

    /** Writes in 7-byte pieces, each flushed, so elements, tags and multi-byte characters are cut apart. */
    private static void dribble(OutputStream out, String xml) throws IOException {
        byte[] all = xml.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < all.length; i += 7) {
            out.write(all, i, Math.min(7, all.length - i));
            out.flush();
        }
    }

    /** Reads until what was read since the last call ends with {@code end}; returns it. */
    private static String readUntil(InputStream in, String end) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        while (!got.toString(StandardCharsets.UTF_8).endsWith(end)) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("eof before " + end + " in " + got.toString(StandardCharsets.UTF_8));
            }
            got.write(b);
        }
        return got.toString(StandardCharsets.UTF_8);
    }

    private static byte[] filled(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * seed);
        }
        return b;
    }

    /** An unmasked server frame. */
    private static byte[] frame(boolean fin, int opcode, byte[] payload) {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write((fin ? 0x80 : 0) | opcode);
        if (payload.length < 126) {
            f.write(payload.length);
        } else if (payload.length <= 0xFFFF) {
            f.write(126);
            f.write(payload.length >> 8);
            f.write(payload.length);
        } else {
            f.write(127);
            for (int i = 7; i >= 0; i--) {
                f.write((int) ((long) payload.length >> (8 * i)));
            }
        }
        f.writeBytes(payload);
        return f.toByteArray();
    }

    private static byte[] readMasked(DataInputStream in) throws IOException {
        int b1 = in.readUnsignedByte();
        assertTrue((b1 & 0x80) != 0, "client frames must be masked");
        long length = b1 & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] mask = new byte[4];
        in.readFully(mask);
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        for (int i = 0; i < payload.length; i++) {
            payload[i] ^= mask[i & 3];
        }
        return payload;
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("eof in handshake");
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
                return line.substring(name.length() + 1).trim();
            }
        }
        throw new AssertionError("no " + name);
    }

    private static int readLength(DataInputStream in) throws IOException {
        int length = 0;
        int multiplier = 1;
        int digit;
        do {
            digit = in.readUnsignedByte();
            length += (digit & 0x7F) * multiplier;
            multiplier *= 128;
        } while ((digit & 0x80) != 0);
        return length;
    }

    private static byte[] publish(String topic, String payload) {
        byte[] t = topic.getBytes(StandardCharsets.UTF_8);
        byte[] p = payload.getBytes(StandardCharsets.UTF_8);
        int length = 2 + t.length + p.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x30);
        do {
            int digit = length % 128;
            length /= 128;
            out.write(length > 0 ? digit | 0x80 : digit);
        } while (length > 0);
        out.write(t.length >> 8);
        out.write(t.length);
        out.writeBytes(t);
        out.writeBytes(p);
        return out.toByteArray();
    }
}
