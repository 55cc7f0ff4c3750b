package org.parley.interfaces.rest;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.Map;
import org.parley.infrastructure.config.ParleyConfig;

/**
 * Reads every JSON object body of the REST API, in place of the JAX-RS runtime's JSON-P reader, which lets a parser
 * failure through as a 500 (malformed JSON, an array where an object belongs, nesting past Parsson's limit, which it
 * reports as a plain RuntimeException). Here each of those is a 400 problem, and a body over
 * {@code parley.api.max-body-bytes} a 413, read no further.
 */
@Provider
@Consumes({MediaType.APPLICATION_JSON, "application/*+json"})
public class JsonBodyReader implements MessageBodyReader<JsonObject> {

    /** The provider looked up once: {@code Json.createReader} does a ServiceLoader lookup per call. */
    private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());

    @Inject
    ParleyConfig config;

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == JsonObject.class;
    }

    @Override
    public JsonObject readFrom(Class<JsonObject> type, Type genericType, Annotation[] annotations, MediaType mediaType,
            MultivaluedMap<String, String> headers, InputStream entity) throws IOException {
        return read(entity, config.apiMaxBodyBytes());
    }

    /** @throws WebApplicationException 413 over {@code limit} bytes, 400 for anything but one JSON object */
    static JsonObject read(InputStream entity, int limit) throws IOException {
        byte[] body = entity.readNBytes(limit + 1);
        if (body.length > limit) {
            throw new WebApplicationException("the body is over " + limit + " bytes", 413);
        }
        if (body.length == 0) {
            throw new BadRequestException("a JSON object is required");
        }
        try (JsonReader reader = READERS.createReader(new ByteArrayInputStream(body))) {
            return reader.readObject();
        } catch (RuntimeException e) {
            // JsonParsingException, JsonException (an array or a number), Parsson's nesting limit, number limits.
            throw new BadRequestException("the body is not a JSON object");
        }
    }
}
