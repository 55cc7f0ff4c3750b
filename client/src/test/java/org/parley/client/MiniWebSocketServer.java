package org.parley.client;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A tiny RFC 6455 server for tests: accepts connections on {@code /tim}, records the handshake
 * headers, collects the client's binary messages, and lets the test send (optionally fragmented)
 * frames, close, or drop the TCP connection.
 */
final class MiniWebSocketServer implements AutoCloseable {

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final ServerSocket server;
    private final BlockingQueue<Peer> peers = new LinkedBlockingQueue<>();
    private final Thread acceptor;

    MiniWebSocketServer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "mini-ws-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    URI uri() {
        return URI.create("ws://127.0.0.1:" + server.getLocalPort() + "/tim");
    }

    /** The next client connection, waiting up to 5 s. */
    Peer nextPeer() throws InterruptedException {
        Peer p = peers.poll(5, TimeUnit.SECONDS);
        if (p == null) {
            throw new AssertionError("no WebSocket connection");
        }
        return p;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Peer p = new Peer(s);
                p.handshake();
                peers.add(p);
                Thread reader = new Thread(p::readLoop, "mini-ws-read");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                // closed, or a broken handshake: next
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    static final class Peer {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        final Map<String, String> headers = new HashMap<>();
        String path;
        final BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
        /** Completes with "code reason" when the client's close frame arrives. */
        final CompletableFuture<String> closeReceived = new CompletableFuture<>();
        private boolean closeSent;
        private volatile java.util.concurrent.CountDownLatch readGate = new java.util.concurrent.CountDownLatch(0);

        Peer(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        void handshake() throws IOException {
            String requestLine = readLine();
            path = requestLine.split(" ")[1];
            for (String line; !(line = readLine()).isEmpty(); ) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
            String accept;
            try {
                accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                        .digest((headers.get("sec-websocket-key") + GUID).getBytes(StandardCharsets.US_ASCII)));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        private String readLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b; (b = in.read()) != '\n'; ) {
                if (b < 0) {
                    throw new EOFException();
                }
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.US_ASCII);
        }

        void readLoop() {
            DataInputStream data = new DataInputStream(in);
            ByteArrayOutputStream message = new ByteArrayOutputStream();
            try {
                while (true) {
                    readGate.await();
                    int b0 = data.readUnsignedByte();
                    int b1 = data.readUnsignedByte();
                    long length = b1 & 0x7F;
                    if (length == 126) {
                        length = data.readUnsignedShort();
                    } else if (length == 127) {
                        length = data.readLong();
                    }
                    byte[] mask = new byte[4];
                    if ((b1 & 0x80) != 0) {
                        data.readFully(mask);
                    }
                    byte[] payload = new byte[(int) length];
                    data.readFully(payload);
                    for (int i = 0; i < payload.length; i++) {
                        payload[i] ^= mask[i & 3];
                    }
                    int opcode = b0 & 0x0F;
                    boolean fin = (b0 & 0x80) != 0;
                    switch (opcode) {
                        case 0, 1, 2 -> {
                            message.writeBytes(payload);
                            if (fin) {
                                received.add(message.toByteArray());
                                message.reset();
                            }
                        }
                        case 8 -> {
                            int code = payload.length >= 2 ? ByteBuffer.wrap(payload).getShort() & 0xFFFF : 1005;
                            String reason = payload.length > 2
                                    ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
                            closeReceived.complete(code + " " + reason);
                            synchronized (this) {
                                if (!closeSent) {
                                    sendFrame(true, 8, ByteBuffer.allocate(2).putShort((short) code).array());
                                }
                            }
                            socket.close();
                            return;
                        }
                        case 9 -> sendFrame(true, 10, payload);
                        default -> {
                        }
                    }
                }
            } catch (IOException e) {
                closeReceived.complete("eof");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Stops reading (after the frame being read, if any), so the client's writes back up. */
        void pauseReading() {
            readGate = new java.util.concurrent.CountDownLatch(1);
        }

        void resumeReading() {
            readGate.countDown();
        }

        /** One server frame, unmasked. */
        synchronized void sendFrame(boolean fin, int opcode, byte[] payload) throws IOException {
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            frame.write((fin ? 0x80 : 0) | opcode);
            if (payload.length < 126) {
                frame.write(payload.length);
            } else if (payload.length < 65536) {
                frame.write(126);
                frame.write(payload.length >> 8);
                frame.write(payload.length & 0xFF);
            } else {
                frame.write(127);
                frame.writeBytes(ByteBuffer.allocate(8).putLong(payload.length).array());
            }
            frame.writeBytes(payload);
            out.write(frame.toByteArray());
            out.flush();
            if (opcode == 8) {
                closeSent = true;
            }
        }

        void sendBinary(byte[] message) throws IOException {
            sendFrame(true, 2, message);
        }

        /** {@code message} as a binary frame followed by continuation frames, split at {@code cuts}. */
        void sendFragmented(byte[] message, int... cuts) throws IOException {
            int from = 0;
            for (int i = 0; i <= cuts.length; i++) {
                int to = i < cuts.length ? cuts[i] : message.length;
                sendFrame(i == cuts.length, i == 0 ? 2 : 0, java.util.Arrays.copyOfRange(message, from, to));
                from = to;
            }
        }

        void sendClose(int code, String reason) throws IOException {
            byte[] r = reason.getBytes(StandardCharsets.UTF_8);
            sendFrame(true, 8, ByteBuffer.allocate(2 + r.length).putShort((short) code).put(r).array());
        }

        /** Closes the TCP connection without a close frame. */
        void drop() throws IOException {
            // shutdownOutput sends the FIN at once; a plain close() while the reader thread is
            // blocked in read() may defer it until that thread wakes up.
            socket.shutdownOutput();
            socket.close();
        }

        /** The next complete message from the client, waiting up to 5 s. */
        byte[] nextMessage() throws InterruptedException {
            byte[] m = received.poll(5, TimeUnit.SECONDS);
            if (m == null) {
                throw new AssertionError("the client sent nothing");
            }
            return m;
        }
    }
}
