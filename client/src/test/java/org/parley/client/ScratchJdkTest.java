package org.parley.client;

import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ScratchJdkTest {
    @Test
    void repro() throws Exception {
        int missed = 0;
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < 60; i++) {
            try (MiniWebSocketServer server = new MiniWebSocketServer()) {
                CompletableFuture<String> end = new CompletableFuture<>();
                CompletableFuture<byte[]> got = new CompletableFuture<>();
                WebSocket ws = http.newWebSocketBuilder().buildAsync(server.uri(), new WebSocket.Listener() {
                    @Override public void onOpen(WebSocket w) { w.request(1); }
                    @Override public CompletionStage<?> onBinary(WebSocket w, ByteBuffer d, boolean last) {
                        byte[] b = new byte[d.remaining()]; d.get(b); got.complete(b); w.request(1); return null; }
                    @Override public CompletionStage<?> onClose(WebSocket w, int c, String r) { end.complete("close " + c); return null; }
                    @Override public void onError(WebSocket w, Throwable e) { end.complete("error " + e); }
                }).get(5, TimeUnit.SECONDS);
                MiniWebSocketServer.Peer peer = server.nextPeer();
                peer.sendBinary(new byte[] {1, 2, 3});
                got.get(5, TimeUnit.SECONDS);
                peer.drop();
                try {
                    end.get(2, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    missed++;
                    ws.abort();
                }
            }
        }
        System.err.println("REPRO missed " + missed + " of 60");
    }
}
