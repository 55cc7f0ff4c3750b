package org.parley.interfaces.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class OversizedFramesTest {

    private static LogRecord record(Level level, Throwable thrown) {
        LogRecord r = new LogRecord(level, "Unexpected error, closing connection.");
        r.setThrown(thrown);
        return r;
    }

    @Test
    void tyrusOverflowWarningsAreDroppedAndEverythingElseKept() {
        Filter filter = OversizedFrames.quietOverflows(null);
        assertFalse(filter.isLoggable(record(Level.WARNING, new IllegalArgumentException("Buffer overflow."))));
        assertTrue(filter.isLoggable(record(Level.WARNING, new IllegalArgumentException("something else"))));
        assertTrue(filter.isLoggable(record(Level.WARNING, new IllegalStateException("Buffer overflow."))));
        assertTrue(filter.isLoggable(record(Level.WARNING, null)));
    }

    @Test
    void aFilterThatWasThereBeforeStillDecidesTheRest() {
        Filter filter = OversizedFrames.quietOverflows(r -> r.getLevel() != Level.INFO);
        assertFalse(filter.isLoggable(record(Level.INFO, null)));
        assertTrue(filter.isLoggable(record(Level.SEVERE, new RuntimeException("x"))));
        assertFalse(filter.isLoggable(record(Level.SEVERE, new IllegalArgumentException("Buffer overflow."))));
    }

    @Test
    void theShippedBufferHoldsTwoDefaultFramesAndSlack() throws Exception {
        String webXml = java.nio.file.Files.readString(java.nio.file.Path.of("src/main/webapp/WEB-INF/web.xml"));
        String value = webXml.replaceAll("(?s).*" + OversizedFrames.BUFFER_PARAM + "</param-name>\\s*<param-value>(\\d+)<.*", "$1");
        assertEquals(OversizedFrames.neededBuffer(4 * 1024 * 1024), Long.parseLong(value));
    }
}
