package org.parley.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * The load generator's only I/O thread: one selector that connects, reads and writes every socket of a benchmark
 * (WebSocket and MQTT alike), so that thousands of simulated clients cost one thread, not thousands. Other threads
 * hand work to it with {@link #execute}; connections are only ever touched on this thread.
 *
 * <p>The thread's CPU time is exposed ({@link #cpuNanos}) so a benchmark can tell when the generator, rather than the
 * server, is what limits a measurement.
 */
final class NioLoop implements AutoCloseable {

    /** One read per ready socket per round, at most this much, so one busy socket cannot starve the others. */
    private static final int READ_BUFFER = 256 * 1024;

    private final Selector selector;
    private final Thread thread;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER);
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private volatile boolean running = true;

    NioLoop() {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        thread = new Thread(this::run, "bench-selector");
        thread.setDaemon(true);
        thread.start();
    }

    /** Runs {@code task} on the selector thread (soon, in submission order). */
    void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    /** Runs {@code task} on the selector thread and completes with its result. */
    <T> CompletableFuture<T> submit(Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        execute(() -> {
            try {
                result.complete(task.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Opens a non-blocking TCP connection for {@code connection}; its {@code onConnected} runs once it is up. */
    void connect(InetSocketAddress address, NioConnection connection) {
        execute(() -> {
            try {
                SocketChannel channel = SocketChannel.open();
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                connection.attach(this, channel, channel.register(selector, SelectionKey.OP_CONNECT, connection));
                if (channel.connect(address)) {
                    finishConnect(connection);
                }
            } catch (IOException | RuntimeException e) {
                connection.fail(e);
            }
        });
    }

    /** CPU time the selector thread has used so far, in nanoseconds. */
    long cpuNanos() {
        return threads.getThreadCpuTime(thread.getId());
    }

    private void run() {
        while (running) {
            try {
                selector.select(1000);
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    runSafely(task);
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    handle(key);
                }
                selector.selectedKeys().clear();
            } catch (IOException | RuntimeException e) {
                System.err.println("bench selector: " + e);
            }
        }
        for (SelectionKey key : selector.keys()) {
            ((NioConnection) key.attachment()).closeNow();
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // shutting down anyway
        }
    }

    private static void runSafely(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            System.err.println("bench selector task failed: " + e);
            e.printStackTrace();
        }
    }

    private void handle(SelectionKey key) {
        NioConnection connection = (NioConnection) key.attachment();
        try {
            if (!key.isValid()) {
                return;
            }
            if (key.isConnectable()) {
                finishConnect(connection);
                return;
            }
            if (key.isWritable()) {
                connection.flush();
            }
            if (key.isValid() && key.isReadable()) {
                readBuffer.clear();
                int n = connection.channel().read(readBuffer);
                if (n < 0) {
                    connection.remoteClosed();
                } else if (n > 0) {
                    readBuffer.flip();
                    connection.received(readBuffer);
                }
            }
        } catch (IOException | RuntimeException e) {
            connection.fail(e);
        }
    }

    private static void finishConnect(NioConnection connection) throws IOException {
        if (connection.channel().finishConnect()) {
            connection.key().interestOps(SelectionKey.OP_READ);
            connection.onConnected();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        selector.wakeup();
        thread.join(TimeUnit.SECONDS.toMillis(10));
    }
}
