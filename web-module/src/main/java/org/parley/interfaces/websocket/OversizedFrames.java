package org.parley.interfaces.websocket;

import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.parley.infrastructure.config.ParleyConfig;

/**
 * Frames too big for the WebSocket container's read buffer are the client's doing, but Tyrus (2.1.5) ends them with
 * 1011 and a WARNING with a stack trace per frame ({@code TyrusEndpointWrapper.onError}, "Buffer overflow."), before
 * any endpoint code runs: a log amplifier. That record is turned into a FINE line of Parley's own; every other
 * record of that logger stays as it was. The buffer itself is set in web.xml to twice the frame limit, so frames up
 * to that size reach {@link TimEndpoint}, which closes with 1009; at start this checks that it still is, for the
 * configured {@code parley.frame.max-bytes}.
 */
@WebListener
public class OversizedFrames implements ServletContextListener {

    private static final Logger LOG = Logger.getLogger(OversizedFrames.class.getName());
    /** Where Tyrus logs an error that ends a socket. */
    static final String TYRUS_LOGGER = "org.glassfish.tyrus.core.TyrusEndpointWrapper";
    /** Tyrus's context parameter for its read buffer (web.xml). */
    static final String BUFFER_PARAM = "org.glassfish.tyrus.servlet.incoming-buffer-size";
    /** Tyrus's message when a frame does not fit that buffer. */
    static final String OVERFLOW = "Buffer overflow.";

    @Inject
    ParleyConfig config;

    private Filter previous;
    private Filter installed;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        String buffer = event.getServletContext().getInitParameter(BUFFER_PARAM);
        long needed = neededBuffer(config.maxFrameBytes());
        if (buffer == null || Long.parseLong(buffer.trim()) < needed) {
            LOG.warning(() -> "the WebSocket read buffer (" + BUFFER_PARAM + " = " + buffer + ") is below " + needed
                    + " bytes, twice parley.frame.max-bytes and 64 KiB: frames of the allowed size can be cut off"
                    + " with 1011 (docs/configuration.md)");
        }
        Logger tyrus = Logger.getLogger(TYRUS_LOGGER);
        previous = tyrus.getFilter();
        installed = quietOverflows(previous);
        tyrus.setFilter(installed);
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        Logger tyrus = Logger.getLogger(TYRUS_LOGGER);
        if (tyrus.getFilter() == installed) {
            tyrus.setFilter(previous);
        }
    }

    /** The read buffer that holds a maximal frame with its header and whatever arrives behind it in one read. */
    static long neededBuffer(int maxFrameBytes) {
        return 2L * maxFrameBytes + 64 * 1024;
    }

    /** Drops Tyrus's overflow records (one FINE line instead) and hands every other record to {@code next}. */
    static Filter quietOverflows(Filter next) {
        return record -> {
            if (isOverflow(record)) {
                LOG.fine("a client sent a frame larger than the WebSocket read buffer; its socket was closed");
                return false;
            }
            return next == null || next.isLoggable(record);
        };
    }

    private static boolean isOverflow(LogRecord record) {
        Throwable t = record.getThrown();
        return record.getLevel().intValue() >= Level.WARNING.intValue() && t instanceof IllegalArgumentException
                && OVERFLOW.equals(t.getMessage());
    }
}
