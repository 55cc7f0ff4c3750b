package org.parley.client;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The library's timer: one daemon thread that only hands tasks over, so nothing slow ever runs on
 * it. Cancelled timers are removed at once, so finished requests leave nothing behind.
 */
final class Scheduler {

    private static final ScheduledThreadPoolExecutor TIMER = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "parley-client-timer");
        t.setDaemon(true);
        return t;
    });

    static {
        TIMER.setRemoveOnCancelPolicy(true);
    }

    private Scheduler() {
    }

    /** Fails {@code future} with a {@link TimeoutException} saying {@code what} if it is not done after {@code timeout}. */
    static <T> CompletableFuture<T> failAfter(CompletableFuture<T> future, Duration timeout, String what) {
        if (!future.isDone()) {
            ScheduledFuture<?> timer = TIMER.schedule(() -> {
                future.completeExceptionally(new TimeoutException(what + ": no answer within " + timeout));
            }, timeout.toNanos(), TimeUnit.NANOSECONDS);
            future.whenComplete((v, e) -> timer.cancel(false));
        }
        return future;
    }

    /** Runs {@code task} (which must be quick) every {@code period} until cancelled. */
    static ScheduledFuture<?> every(Duration period, Runnable task) {
        return TIMER.scheduleWithFixedDelay(task, period.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Runs {@code task} on {@code executor} after {@code delay}. */
    static void runAfter(Duration delay, Executor executor, Runnable task) {
        TIMER.schedule(() -> executor.execute(task), delay.toNanos(), TimeUnit.NANOSECONDS);
    }
}
