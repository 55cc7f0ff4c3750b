package org.parley.interfaces.websocket;

import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import java.util.logging.Logger;
import org.parley.infrastructure.config.ParleyConfig;

/**
 * Warns at start when the container's read buffer (web.xml) is too small for {@code parley.frame.max-bytes}. Tyrus
 * reads each frame whole into that buffer before Parley sees it; a frame it cannot hold, together with whatever
 * arrived behind it in the same read, is cut off with 1011 instead of reaching {@link TimEndpoint}, which answers
 * frames over the limit with 1009. Twice the limit plus 64 KiB holds a maximal frame and the start of the next.
 */
@WebListener
public class ReadBufferCheck implements ServletContextListener {

    private static final Logger LOG = Logger.getLogger(ReadBufferCheck.class.getName());
    /** Tyrus's context parameter for its read buffer (web.xml). */
    static final String BUFFER_PARAM = "org.glassfish.tyrus.servlet.incoming-buffer-size";

    @Inject
    ParleyConfig config;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        String buffer = event.getServletContext().getInitParameter(BUFFER_PARAM);
        long needed = neededBuffer(config.maxFrameBytes());
        if (buffer == null || Long.parseLong(buffer.trim()) < needed) {
            LOG.warning(() -> "the WebSocket read buffer (" + BUFFER_PARAM + " = " + buffer + ") is below " + needed
                    + " bytes, twice parley.frame.max-bytes and 64 KiB: frames of the allowed size can be cut off"
                    + " with 1011 (docs/configuration.md)");
        }
    }

    static long neededBuffer(int maxFrameBytes) {
        return 2L * maxFrameBytes + 64 * 1024;
    }
}
