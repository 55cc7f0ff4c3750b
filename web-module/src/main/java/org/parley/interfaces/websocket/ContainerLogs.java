package org.parley.interfaces.websocket;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Keeps what clients cause out of the log's WARNINGs: Tyrus (2.1.5) logs two such events at WARNING with a stack
 * trace, once per event, so a client can make the log grow as fast as it sends. Each becomes one FINE line of
 * Parley's own; every other record of those loggers stays as it was.
 * <ul>
 * <li>a frame larger than the container's read buffer ({@code TyrusEndpointWrapper}, "Buffer overflow."): the
 * socket is closed with 1011 before any endpoint code runs (see {@link ReadBufferCheck});</li>
 * <li>a write cut off because the socket was closed ({@code TyrusServletWriter}, a {@code CancellationException}):
 * what closing a device that stopped reading leaves behind ({@link Connection}'s full send queue).</li>
 * </ul>
 */
@WebListener
public class ContainerLogs implements ServletContextListener {

    private static final Logger LOG = Logger.getLogger(ContainerLogs.class.getName());
    static final String TYRUS_ENDPOINT = "org.glassfish.tyrus.core.TyrusEndpointWrapper";
    static final String TYRUS_WRITER = "org.glassfish.tyrus.servlet.TyrusServletWriter";
    /** Tyrus's message when a frame does not fit its read buffer. */
    static final String OVERFLOW = "Buffer overflow.";

    /**
     * The loggers, held: JUL keeps loggers weakly, and one whose class has not been loaded yet (the writer's, until
     * the first socket) would be collected with its filter and made afresh without it.
     */
    private final Map<String, Logger> loggers = new HashMap<>();
    private final Map<String, Filter> previous = new HashMap<>();
    private final Map<String, Filter> installed = new HashMap<>();

    @Override
    public void contextInitialized(ServletContextEvent event) {
        install(TYRUS_ENDPOINT);
        install(TYRUS_WRITER);
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        installed.forEach((name, filter) -> {
            Logger logger = loggers.get(name);
            if (logger.getFilter() == filter) {
                logger.setFilter(previous.get(name));
            }
        });
    }

    private void install(String name) {
        Logger logger = Logger.getLogger(name);
        loggers.put(name, logger);
        previous.put(name, logger.getFilter());
        Filter filter = quietClientEvents(logger.getFilter());
        installed.put(name, filter);
        logger.setFilter(filter);
    }

    /** Drops the client-caused records (one FINE line instead) and hands every other record to {@code next}. */
    static Filter quietClientEvents(Filter next) {
        return record -> {
            String what = clientEvent(record);
            if (what != null) {
                LOG.fine(what);
                return false;
            }
            return next == null || next.isLoggable(record);
        };
    }

    private static String clientEvent(LogRecord record) {
        Throwable t = record.getThrown();
        if (record.getLevel().intValue() < Level.WARNING.intValue() || t == null) {
            return null;
        }
        if (t instanceof IllegalArgumentException && OVERFLOW.equals(t.getMessage())) {
            return "a client sent a frame larger than the WebSocket read buffer; its socket was closed";
        }
        if (t instanceof CancellationException) {
            return "a write to a socket that was closed meanwhile was cancelled";
        }
        return null;
    }
}
