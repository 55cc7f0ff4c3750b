package org.parley.interfaces.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.ws.rs.WebApplicationException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonBodyReaderTest {

    private static int refusal(String body, int limit) {
        WebApplicationException e = assertThrows(WebApplicationException.class, () -> JsonBodyReader.read(
                new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), limit));
        return e.getResponse().getStatus();
    }

    @Test
    void oneObjectIsRead() throws Exception {
        assertEquals(3, JsonBodyReader.read(new ByteArrayInputStream("{\"a\":3}".getBytes(StandardCharsets.UTF_8)), 100)
                .getInt("a"));
    }

    @Test
    void whatIsNotOneJsonObjectIsTheCallersError() {
        assertEquals(400, refusal("", 100));
        assertEquals(400, refusal("not json", 100));
        assertEquals(400, refusal("[1,2]", 100));
        assertEquals(400, refusal("42", 100));
        assertEquals(400, refusal("{\"a\":", 100));
        assertEquals(400, refusal("{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}", 100_000), "past the nesting limit");
        assertEquals(400, refusal("{\"a\":1" + "0".repeat(200_000) + "}", 1_000_000), "past the number limit");
    }

    @Test
    void aBodyOverTheLimitIsRefusedWith413() {
        assertEquals(413, refusal("{\"a\":\"" + "x".repeat(100) + "\"}", 50));
    }
}
