package org.parley.interfaces.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class ContainerLogsTest {

    private static LogRecord record(Level level, Throwable thrown) {
        LogRecord r = new LogRecord(level, "Unexpected error, closing connection.");
        r.setThrown(thrown);
        return r;
    }

    @Test
    void clientCausedWarningsAreDroppedAndEverythingElseKept() {
        Filter filter = ContainerLogs.quietClientEvents(null);
        assertFalse(filter.isLoggable(record(Level.WARNING, new IllegalArgumentException("Buffer overflow."))));
        assertFalse(filter.isLoggable(record(Level.WARNING, new CancellationException())));
        assertTrue(filter.isLoggable(record(Level.WARNING, new IllegalArgumentException("something else"))));
        assertTrue(filter.isLoggable(record(Level.WARNING, new IllegalStateException("Buffer overflow."))));
        assertTrue(filter.isLoggable(record(Level.WARNING, null)));
        assertTrue(filter.isLoggable(record(Level.INFO, new CancellationException())), "below WARNING: untouched");
    }

    @Test
    void aFilterThatWasThereBeforeStillDecidesTheRest() {
        Filter filter = ContainerLogs.quietClientEvents(r -> r.getLevel() != Level.INFO);
        assertFalse(filter.isLoggable(record(Level.INFO, null)));
        assertTrue(filter.isLoggable(record(Level.SEVERE, new RuntimeException("x"))));
        assertFalse(filter.isLoggable(record(Level.SEVERE, new IllegalArgumentException("Buffer overflow."))));
    }

    @Test
    void theShippedReadBufferHoldsTwoDefaultFramesAndSlack() throws Exception {
        String webXml = Files.readString(Path.of("src/main/webapp/WEB-INF/web.xml"));
        String value = webXml.replaceAll("(?s).*" + ReadBufferCheck.BUFFER_PARAM + "</param-name>\\s*<param-value>(\\d+)<.*", "$1");
        assertEquals(ReadBufferCheck.neededBuffer(4 * 1024 * 1024), Long.parseLong(value));
    }
}
