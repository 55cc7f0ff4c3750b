package org.parley.interfaces.websocket;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import jakarta.websocket.server.ServerContainer;
import java.lang.reflect.Field;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.logging.Logger;

/**
 * Gives the WebSocket container a plain scheduler for its per-socket idle timers, before the first socket opens.
 * <p>
 * Tyrus (2.1.5 in Payara 6) restarts a socket's idle timer on every message in and out: it cancels the timer and
 * schedules a new one on the scheduler its container looked up at start, Payara's default managed scheduled
 * executor, even when the idle timeout is off (then the task runs at once and finds nothing to do). There, each task
 * saves the caller's context, which runs a {@code ServiceLoader} over the web application's class path (the hottest
 * frames of a room fan-out), on one thread; and a cancelled task stays queued until its delay passes. The
 * replacement ({@link SocketTimerScheduler}) runs such zero-delay tasks at once on the calling thread and the others
 * on a thread from the container's own thread factory, dropping cancelled timers at once. Tyrus keeps the scheduler in a field of its
 * container with no setter, so it is replaced by reflection; if that field is not there (another Tyrus), the
 * container's own stays and the node logs that it runs slower.
 */
@WebListener
public class ContainerTimers implements ServletContextListener {

    private static final Logger LOG = Logger.getLogger(ContainerTimers.class.getName());
    /** Tyrus's {@code BaseContainer} field holding the scheduler of every session's idle timer. */
    static final String TYRUS_FIELD = "managedScheduledExecutorService";

    @Resource
    ManagedThreadFactory threads;

    private SocketTimerScheduler timers;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        Object container = event.getServletContext().getAttribute(ServerContainer.class.getName());
        timers = scheduler(threads);
        if (!replace(container, timers)) {
            LOG.warning(() -> "the WebSocket container's idle timers stay on the managed scheduled executor ("
                    + (container == null ? "no container" : container.getClass().getName())
                    + " has no field " + TYRUS_FIELD + "): every message in and out costs a context capture");
            timers.shutdown();
            timers = null;
        }
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (timers != null) {
            timers.shutdownNow();
        }
    }

    static SocketTimerScheduler scheduler(ThreadFactory factory) {
        return new SocketTimerScheduler(new ScheduledThreadPoolExecutor(1, task -> {
            Thread t = factory.newThread(task);
            t.setName("parley-socket-timers");
            t.setDaemon(true);
            return t;
        }));
    }

    /** @return whether {@code container} now uses {@code scheduler} for the idle timers of the sessions it opens */
    static boolean replace(Object container, ScheduledExecutorService scheduler) {
        for (Class<?> c = container == null ? null : container.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Field field = c.getDeclaredField(TYRUS_FIELD);
                if (!ScheduledExecutorService.class.isAssignableFrom(field.getType())) {
                    return false;
                }
                field.setAccessible(true);
                field.set(container, scheduler);
                return field.get(container) == scheduler;
            } catch (NoSuchFieldException e) {
                // look in the superclass
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.fine(() -> "cannot replace the container's scheduler: " + e);
                return false;
            }
        }
        return false;
    }
}
