package org.parley.interfaces.websocket;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import jakarta.websocket.server.ServerContainer;

/**
 * Turns the WebSocket container's own idle timeout off, before the first socket opens: tim's ping_timeout is
 * enforced by {@link IdleSockets}, from the last frame each device sent.
 * <p>
 * Why not the container's: Tyrus (2.1.5 in Payara 6) re-arms a session's idle timer on every message in and out, a
 * cancel and a schedule on one shared scheduler, which under a room fan-out becomes a lock hundreds of threads queue
 * on. And its idle check reads the session's timeout only when it runs: a session whose timeout was raised from 0
 * while its first check was already running was closed as idle at once (the race that once lost one socket in ten
 * thousand). With 0 everywhere, never raised, its checks find nothing to do.
 */
@WebListener
public class SocketIdleTimeout implements ServletContextListener {

    @Override
    public void contextInitialized(ServletContextEvent event) {
        Object container = event.getServletContext().getAttribute(ServerContainer.class.getName());
        if (!(container instanceof ServerContainer serverContainer)) {
            // Parley's endpoint lives in it: refuse to start rather than run without sockets.
            throw new IllegalStateException("no WebSocket ServerContainer in the servlet context");
        }
        serverContainer.setDefaultMaxSessionIdleTimeout(0);
    }
}
