package org.parley.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.parley.protocol.ClientFrame;
import org.parley.protocol.FrameType;
import org.parley.protocol.ThriftCodec;
import org.parley.protocol.TimAuth;
import org.parley.protocol.TimReq;

/**
 * A device that logs in, subscribes to a vroom (if given one), and then never reads again: a raw JDK WebSocket that
 * stops asking for messages (no {@code request(n)}) once the answers it needs have arrived. Its TCP window then fills, and
 * whatever the server sends it piles up on the server's side.
 */
final class StalledSocket implements AutoCloseable {

    private final WebSocket socket;
    private final CountDownLatch answers;
    private final AtomicInteger closed = new AtomicInteger(-1);

    /** @param vnode the vroom to subscribe to, or null for a login only */
    StalledSocket(URI ws, String name, String password, String vnode) throws Exception {
        answers = new CountDownLatch(vnode == null ? 1 : 2);
        socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(ws, new WebSocket.Listener() {
            @Override
            public void onOpen(WebSocket webSocket) {
                webSocket.request(1);
            }

            @Override
            public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
                if (last) {
                    answers.countDown();
                }
                if (answers.getCount() > 0) {
                    webSocket.request(1); // only until the login and subscription answers are in
                }
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closed.set(statusCode);
                return null;
            }
        }).get(15, TimeUnit.SECONDS);
        socket.sendBinary(ByteBuffer.wrap(ClientFrame.build(FrameType.AUTH, false, ThriftCodec.INSTANCE.encode(
                new TimAuth().setName(name).setPwd(password).setResource("stalled").setTermtyp((byte) 1)))), true)
                .get(15, TimeUnit.SECONDS);
        if (vnode != null) {
            socket.sendBinary(ByteBuffer.wrap(ClientFrame.build(FrameType.VROOM, false, ThriftCodec.INSTANCE.encode(
                    new TimReq().setRtype(5).setNode(vnode)))), true).get(15, TimeUnit.SECONDS);
        }
        if (!answers.await(15, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no login" + (vnode == null ? "" : " and subscription") + " answers");
        }
    }

    /** Whether the server closed this socket (as far as the client noticed; it reads nothing more). */
    boolean closedByServer() {
        return closed.get() >= 0 || socket.isInputClosed();
    }

    @Override
    public void close() {
        socket.abort();
    }
}
