package org.parley.interfaces.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ContainerTimersTest {

    /** Shaped like Tyrus's BaseContainer: the scheduler in a private final field of a superclass. */
    private static class BaseLike {
        private final ScheduledExecutorService managedScheduledExecutorService = Executors.newSingleThreadScheduledExecutor();

        ScheduledExecutorService scheduler() {
            return managedScheduledExecutorService;
        }
    }

    private static final class ContainerLike extends BaseLike {
    }

    @Test
    void the_containers_scheduler_is_replaced_in_its_superclass_field() {
        ContainerLike container = new ContainerLike();
        ScheduledExecutorService original = container.scheduler();
        SocketTimerScheduler ours = ContainerTimers.scheduler(Thread::new);
        try {
            assertTrue(ContainerTimers.replace(container, ours));
            assertSame(ours, container.scheduler());
        } finally {
            original.shutdownNow();
            ours.shutdownNow();
        }
    }

    @Test
    void a_container_without_the_field_keeps_its_own() {
        SocketTimerScheduler ours = ContainerTimers.scheduler(Thread::new);
        try {
            assertFalse(ContainerTimers.replace(new Object(), ours));
            assertFalse(ContainerTimers.replace(null, ours));
        } finally {
            ours.shutdownNow();
        }
    }

    @Test
    void a_zero_delay_timer_runs_at_once_on_the_caller_and_queues_nothing() {
        SocketTimerScheduler ours = ContainerTimers.scheduler(Thread::new);
        try {
            Thread caller = Thread.currentThread();
            Thread[] ranOn = new Thread[1];
            Runnable idleCheck = () -> ranOn[0] = Thread.currentThread();
            ScheduledFuture<?> timer = ours.schedule(idleCheck, 0, TimeUnit.MILLISECONDS);
            assertSame(caller, ranOn[0]);
            assertTrue(timer.isDone());
            assertEquals(0, ours.waiting());
        } finally {
            ours.shutdownNow();
        }
    }

    @Test
    void a_cancelled_idle_timer_leaves_the_queue_at_once() {
        SocketTimerScheduler ours = ContainerTimers.scheduler(Thread::new);
        try {
            ScheduledFuture<?> timer = ours.schedule(() -> { }, 10, TimeUnit.MINUTES);
            assertEquals(1, ours.waiting());
            timer.cancel(false);
            assertEquals(0, ours.waiting());
        } finally {
            ours.shutdownNow();
        }
    }
}
