package org.parley.interfaces.rest;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import org.parley.application.OperationRefused;

/** Reads the optional fields of a JSON request body, refusing (400) a field of the wrong type by name. */
final class JsonFields {

    private JsonFields() {
    }

    /** The field's text; null when absent or JSON null. */
    static String text(JsonObject body, String field) {
        JsonValue value = body == null ? null : body.get(field);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (value instanceof JsonString s) {
            return s.getString();
        }
        throw new OperationRefused(field + " must be a string", false);
    }

    /** The field's whole number within int range; null when absent or JSON null. */
    static Integer integer(JsonObject body, String field) {
        JsonValue value = body == null ? null : body.get(field);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (value instanceof JsonNumber n && n.isIntegral()) {
            try {
                return n.intValueExact();
            } catch (ArithmeticException e) {
                // falls through to the refusal
            }
        }
        throw new OperationRefused(field + " must be a whole number", false);
    }

    /** An ISO-8601 duration such as {@code PT1H} or {@code P7D}; null when absent. */
    static Duration duration(JsonObject body, String field) {
        String text = text(body, field);
        if (text == null) {
            return null;
        }
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new OperationRefused(field + " must be an ISO-8601 duration such as PT1H or P7D", false);
        }
    }
}
