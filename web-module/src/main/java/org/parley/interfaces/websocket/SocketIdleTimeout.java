package org.parley.interfaces.websocket;

import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import jakarta.websocket.server.ServerContainer;
import org.parley.infrastructure.config.ParleyConfig;

/**
 * Makes tim's ping_timeout the WebSocket container's default idle timeout, before the first socket opens.
 * <p>
 * It must be the container default, not {@code Session.setMaxIdleTimeout} in {@code @OnOpen}: Tyrus (2.1.5 in
 * Payara 6) arms each new session's idle timer with the container default while constructing it, and with the
 * default of 0 that is an idle check scheduled to run at once on the managed scheduled executor. That check only
 * reads the session's current timeout: when it was already running as {@code @OnOpen} set a positive value (too late
 * to cancel it), it closed the brand-new socket as idle ({@code TyrusSession$IdleTimeoutCommand}, 1000 "Session closed
 * by the container because of the idle timeout."), roughly one socket in ten thousand under load. With the default
 * set here, the first timer a session gets is already the ping timeout, and nothing is left to race.
 */
@WebListener
public class SocketIdleTimeout implements ServletContextListener {

    @Inject
    ParleyConfig config;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        Object container = event.getServletContext().getAttribute(ServerContainer.class.getName());
        if (!(container instanceof ServerContainer serverContainer)) {
            // Without it, sockets would have no idle timeout at all: refuse to start rather than run so.
            throw new IllegalStateException("no WebSocket ServerContainer in the servlet context");
        }
        serverContainer.setDefaultMaxSessionIdleTimeout(config.pingTimeout().toMillis());
    }
}
