package org.parley.interfaces.websocket;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The scheduler the WebSocket container gets for its per-socket timers ({@link ContainerTimers}). With the idle
 * timeout off, Tyrus still "re-arms" it on every message in and out as a zero-delay task that finds nothing to do;
 * such a task runs at once on the calling thread, so no queue, no lock and no thread hop is paid per message. Tasks
 * with a delay go to a one-thread scheduler that drops them when cancelled.
 */
final class SocketTimerScheduler extends AbstractExecutorService implements ScheduledExecutorService {

    private final ScheduledThreadPoolExecutor delayed;

    SocketTimerScheduler(ScheduledThreadPoolExecutor delayed) {
        this.delayed = delayed;
        delayed.setRemoveOnCancelPolicy(true);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        if (delay > 0) {
            return delayed.schedule(command, delay, unit);
        }
        command.run();
        return Done.INSTANCE;
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return delayed.schedule(callable, delay, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return delayed.scheduleAtFixedRate(command, initialDelay, period, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        return delayed.scheduleWithFixedDelay(command, initialDelay, delay, unit);
    }

    @Override
    public void execute(Runnable command) {
        delayed.execute(command);
    }

    @Override
    public void shutdown() {
        delayed.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
        return delayed.shutdownNow();
    }

    @Override
    public boolean isShutdown() {
        return delayed.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return delayed.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return delayed.awaitTermination(timeout, unit);
    }

    /** Tasks waiting with a delay (for tests). */
    int waiting() {
        return delayed.getQueue().size();
    }

    /** A task that already ran. */
    private static final class Done implements ScheduledFuture<Object> {
        static final Done INSTANCE = new Done();

        @Override
        public long getDelay(TimeUnit unit) {
            return 0;
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(0, other.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            return false;
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public boolean isDone() {
            return true;
        }

        @Override
        public Object get() {
            return null;
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            return null;
        }
    }
}
