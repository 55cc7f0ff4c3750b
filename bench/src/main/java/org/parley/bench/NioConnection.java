package org.parley.bench;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;

/**
 * One TCP connection of the {@link NioLoop}, touched only on the selector thread. Subclasses speak a protocol: they
 * start it in {@link #onConnected}, and {@link #parse} takes every complete unit (frame, packet) out of the bytes
 * received so far. Incomplete bytes are kept per connection, only as long as a unit is incomplete, so ten thousand
 * quiet connections hold no buffers.
 */
abstract class NioConnection {

    private NioLoop loop;
    private SocketChannel channel;
    private SelectionKey key;
    /** Bytes received but not yet parsed (an incomplete unit), in read mode; null when none. */
    private ByteBuffer leftover;
    private final ArrayDeque<ByteBuffer> unsent = new ArrayDeque<>();
    private boolean closed;

    final void attach(NioLoop loop, SocketChannel channel, SelectionKey key) {
        this.loop = loop;
        this.channel = channel;
        this.key = key;
    }

    final NioLoop loop() {
        return loop;
    }

    final SocketChannel channel() {
        return channel;
    }

    final SelectionKey key() {
        return key;
    }

    final boolean isClosed() {
        return closed;
    }

    /** The TCP connection is up: send the protocol's opening (handshake, CONNECT). */
    abstract void onConnected();

    /**
     * Consumes every complete unit from {@code in} (read mode) and leaves its position at the first byte of the
     * incomplete remainder.
     */
    abstract void parse(ByteBuffer in) throws IOException;

    /** The connection is gone: closed by either side, or failed ({@code cause} non-null). Called once. */
    abstract void onClosed(Throwable cause);

    /** Bytes the loop just read. */
    final void received(ByteBuffer in) throws IOException {
        ByteBuffer buffer = in;
        if (leftover != null) {
            buffer = append(leftover, in);
            leftover = null;
        }
        parse(buffer);
        if (closed || !buffer.hasRemaining()) {
            return;
        }
        if (buffer != in) {
            leftover = buffer; // already this connection's own buffer
        } else {
            // The shared read buffer is reused at once: keep the incomplete unit in a buffer of this connection.
            ByteBuffer keep = ByteBuffer.allocate(Math.max(4096, buffer.remaining() * 2));
            keep.put(buffer).flip();
            leftover = keep;
        }
    }

    private static ByteBuffer append(ByteBuffer kept, ByteBuffer more) {
        if (kept.capacity() - kept.remaining() < more.remaining()) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(kept.capacity() * 2, kept.remaining() + more.remaining()));
            bigger.put(kept);
            kept = bigger;
        } else {
            kept.compact(); // write mode, keeping the unread bytes
        }
        kept.put(more).flip();
        return kept;
    }

    /** Queues bytes for the socket and writes as much as it takes now; call on the selector thread. */
    final void write(ByteBuffer bytes) {
        if (closed) {
            return;
        }
        try {
            if (unsent.isEmpty()) {
                channel.write(bytes);
                if (!bytes.hasRemaining()) {
                    return;
                }
                key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
            }
            unsent.add(bytes);
        } catch (IOException e) {
            fail(e);
        }
    }

    /** The socket can take more bytes. */
    final void flush() throws IOException {
        while (!unsent.isEmpty()) {
            ByteBuffer next = unsent.peek();
            channel.write(next);
            if (next.hasRemaining()) {
                return;
            }
            unsent.poll();
        }
        key.interestOps(key.interestOps() & ~SelectionKey.OP_WRITE);
    }

    final void remoteClosed() {
        finish(null);
    }

    final void fail(Throwable cause) {
        finish(cause);
    }

    /**
     * Closes the socket at once, with a reset rather than a FIN (SO_LINGER 0) so thousands of closed benchmark
     * sockets leave no TIME_WAIT entries that would use up loopback ports for the next run.
     */
    final void closeNow() {
        finish(null);
    }

    private void finish(Throwable cause) {
        if (closed) {
            return;
        }
        closed = true;
        leftover = null;
        unsent.clear();
        try {
            if (channel != null) {
                if (channel.isOpen()) {
                    channel.setOption(StandardSocketOptions.SO_LINGER, 0);
                }
                channel.close();
            }
        } catch (IOException ignored) {
            // already gone
        }
        onClosed(cause);
    }
}
