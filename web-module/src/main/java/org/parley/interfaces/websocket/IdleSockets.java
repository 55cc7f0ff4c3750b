package org.parley.interfaces.websocket;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.parley.infrastructure.config.ParleyConfig;
import org.parley.infrastructure.delivery.DeliveryExecutors;

/**
 * tim's ping_timeout: a socket that has sent nothing for {@code parley.ping.timeout} is closed. One sweep over the
 * open sockets, a few times per timeout, instead of the container's idle timer, which Tyrus re-arms on every
 * message in and out (a cancel and a schedule on one shared queue, under one lock that hundreds of request threads
 * then queue on during a fan-out). The container's own idle timeout is off (see {@link SocketIdleTimeout}).
 */
@ApplicationScoped
public class IdleSockets {

    static final String REASON = "ping timeout";

    @Inject
    ParleyConfig config;

    @Inject
    DeliveryExecutors executors;

    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private long timeoutNanos;
    private LongSupplier clock = System::nanoTime;

    @PostConstruct
    void start() {
        start(config.pingTimeout().toNanos(), System::nanoTime);
        long every = Math.max(1_000, config.pingTimeout().toMillis() / 8);
        executors.timer().scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
    }

    /** Sets the timeout and the clock (tests call this instead of the container). */
    void start(long pingTimeoutNanos, LongSupplier nanoClock) {
        timeoutNanos = pingTimeoutNanos;
        clock = nanoClock;
    }

    long now() {
        return clock.getAsLong();
    }

    void opened(Connection connection) {
        open.add(connection);
    }

    void closed(Connection connection) {
        open.remove(connection);
    }

    /** Closes every socket that has been silent for longer than the ping timeout. */
    void sweep() {
        long now = clock.getAsLong();
        for (Connection c : open) {
            if (now - c.lastHeardNanos() > timeoutNanos) {
                open.remove(c);
                c.close(CloseReason.CloseCodes.GOING_AWAY, REASON);
            }
        }
    }

    int openCount() {
        return open.size();
    }
}
