package org.parley.protocol;

import jakarta.json.Json;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonGeneratorFactory;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParser.Event;
import jakarta.json.stream.JsonParserFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * JSON bodies (§1.7), the encoding of timjs and webtim. Uses whatever Jakarta JSON-P provider is on
 * the class path.
 *
 * <p>Writing mirrors v2 (Go's encoding/json over the generated structs): exact IDL key names in
 * field-id order, required fields always present, unset optional fields and empty lists, maps and
 * binaries left out, binaries as padded standard base64, i64 in full.
 *
 * <p>Reading is at least as lenient as v2: keys match case-insensitively (timjs sends {@code vNode}),
 * {@code null} means absent, unknown keys are ignored, and a number is accepted where a string
 * belongs (timjs sends tokens as numbers), as is a numeric string where an integer belongs. A value
 * that still does not fit its field (wrong JSON type, out of range, bad base64) leaves that field
 * unset; list elements and map entries that do not fit are dropped. Only malformed JSON, or a top
 * level that is not an object, is a {@link ProtocolException}. Anything after the top-level object is
 * ignored, as it is for Thrift bodies.
 */
public final class JsonCodec implements WireCodec {

    public static final JsonCodec INSTANCE = new JsonCodec();

    // Provider lookup is slow, so the factories are made once. This class is only initialised when
    // JSON is first used, so Thrift-only users need no provider.
    private static final JsonGeneratorFactory GENERATORS = Json.createGeneratorFactory(Map.of());
    private static final JsonParserFactory PARSERS = Json.createParserFactory(Map.of());

    private JsonCodec() {
    }

    @Override
    public byte[] encode(TimStruct<?> struct) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (JsonGenerator out = GENERATORS.createGenerator(bytes, StandardCharsets.UTF_8)) {
            writeStruct(out, struct.schema(), struct);
        }
        return bytes.toByteArray();
    }

    @Override
    public <T extends TimStruct<T>> T decode(byte[] data, int offset, int length, Class<T> type) {
        Objects.checkFromIndexSize(offset, length, data.length);
        StructSchema<T> schema = StructSchema.of(type);
        try (JsonParser in = PARSERS.createParser(new ByteArrayInputStream(data, offset, length),
                StandardCharsets.UTF_8)) {
            if (in.next() != Event.START_OBJECT) {
                throw new ProtocolException("JSON " + schema.name + " is not an object");
            }
            return readStruct(in, schema);
        } catch (ProtocolException e) {
            throw e;
        } catch (RuntimeException e) {
            // JsonException and NoSuchElementException for malformed text, and a plain RuntimeException for
            // Parsson's nesting limit (1,000 levels): all the client's input.
            throw new ProtocolException("unreadable JSON " + schema.name + ": " + e.getMessage(), e);
        }
    }

    private static <T extends TimStruct<T>> void writeStruct(JsonGenerator out, StructSchema<T> schema,
                                                             Object value) {
        T struct = schema.cast(value);
        out.writeStartObject();
        for (StructSchema.Field<T> field : schema.fields()) {
            Object v = field.get(struct);
            if (v == null) {
                if (!field.required) {
                    continue;
                }
                v = field.type.zero();
            } else if (field.type.isEmpty(v)) {
                continue; // Go's omitempty: an empty container or binary is written like an unset one
            }
            out.writeKey(field.name);
            writeValue(out, field.type, v);
        }
        out.writeEnd();
    }

    private static void writeValue(JsonGenerator out, WireType<?> type, Object v) {
        switch (type.kind) {
            case BOOL -> out.write((Boolean) v);
            case BYTE -> out.write((Byte) v);
            case I16 -> out.write((Short) v);
            case I32 -> out.write((Integer) v);
            case I64 -> out.write((Long) v);
            case STRING -> out.write((String) v);
            case BINARY -> out.write(Base64.getEncoder().encodeToString((byte[]) v));
            case LIST -> {
                out.writeStartArray();
                for (Object e : (List<?>) v) {
                    writeValue(out, type.element, Objects.requireNonNull(e, "null in a list"));
                }
                out.writeEnd();
            }
            case MAP -> {
                out.writeStartObject();
                for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                    out.writeKey((String) Objects.requireNonNull(e.getKey(), "null map key"));
                    writeValue(out, type.element, Objects.requireNonNull(e.getValue(), "null map value"));
                }
                out.writeEnd();
            }
            case STRUCT -> writeStruct(out, type.schema, v);
        }
    }

    /** Reads the members of an object whose START_OBJECT has been consumed. */
    private static <T extends TimStruct<T>> T readStruct(JsonParser in, StructSchema<T> schema) {
        T struct = schema.newInstance();
        // Inside an object the parser only yields KEY_NAME, each followed by one value, until END_OBJECT.
        for (Event e = in.next(); e != Event.END_OBJECT; e = in.next()) {
            StructSchema.Field<T> field = schema.fieldForJsonKey(in.getString());
            Event valueEvent = in.next();
            if (field == null) {
                skip(in, valueEvent);
            } else {
                Object value = readValue(in, field.type, valueEvent);
                if (value != null) {
                    field.set(struct, value);
                }
            }
        }
        return struct;
    }

    /** The value starting with {@code event}, or null if it is JSON null or does not fit {@code type}. */
    private static Object readValue(JsonParser in, WireType<?> type, Event event) {
        switch (event) {
            case VALUE_NULL:
                return null;
            case START_OBJECT:
                if (type.kind == WireType.Kind.STRUCT) {
                    return readStruct(in, type.schema);
                }
                if (type.kind == WireType.Kind.MAP) {
                    return readMap(in, type.element);
                }
                skip(in, event);
                return null;
            case START_ARRAY:
                if (type.kind == WireType.Kind.LIST) {
                    return readList(in, type.element);
                }
                skip(in, event);
                return null;
            default:
                return readScalar(in, type, event);
        }
    }

    private static Object readScalar(JsonParser in, WireType<?> type, Event event) {
        return switch (type.kind) {
            case BOOL -> event == Event.VALUE_TRUE ? Boolean.TRUE : event == Event.VALUE_FALSE ? Boolean.FALSE : null;
            case BYTE -> narrow(readInteger(in, event), Byte.MIN_VALUE, Byte.MAX_VALUE, Long::byteValue);
            case I16 -> narrow(readInteger(in, event), Short.MIN_VALUE, Short.MAX_VALUE, Long::shortValue);
            case I32 -> narrow(readInteger(in, event), Integer.MIN_VALUE, Integer.MAX_VALUE, Long::intValue);
            case I64 -> readInteger(in, event);
            // For a number, getString() is its text as sent: "decimal text" for tokens sent as numbers.
            case STRING -> event == Event.VALUE_STRING || event == Event.VALUE_NUMBER ? in.getString() : null;
            case BINARY -> event == Event.VALUE_STRING ? readBase64(in.getString()) : null;
            default -> null; // a scalar where a list, map or struct belongs
        };
    }

    private static Long readInteger(JsonParser in, Event event) {
        try {
            if (event == Event.VALUE_NUMBER) {
                return in.isIntegralNumber() ? in.getBigDecimal().longValueExact() : null;
            }
            if (event == Event.VALUE_STRING) {
                return Long.parseLong(in.getString().trim());
            }
        } catch (ArithmeticException | NumberFormatException e) {
            // out of the i64 range, or a string that is not a number
        }
        return null;
    }

    private static <N> N narrow(Long value, long min, long max, Function<Long, N> convert) {
        return value == null || value < min || value > max ? null : convert.apply(value);
    }

    private static byte[] readBase64(String text) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static List<Object> readList(JsonParser in, WireType<?> element) {
        List<Object> list = new ArrayList<>();
        for (Event e = in.next(); e != Event.END_ARRAY; e = in.next()) {
            Object value = readValue(in, element, e);
            if (value != null) {
                list.add(value);
            }
        }
        return list;
    }

    private static Map<String, Object> readMap(JsonParser in, WireType<?> element) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (Event e = in.next(); e != Event.END_OBJECT; e = in.next()) {
            String key = in.getString();
            Object value = readValue(in, element, in.next());
            if (value != null) {
                map.put(key, value);
            }
        }
        return map;
    }

    /**
     * Skips the rest of a value that started with {@code event}. Counted by hand because
     * {@code JsonParser.skipObject/skipArray} are optional for providers (the API default throws).
     */
    private static void skip(JsonParser in, Event event) {
        if (event != Event.START_OBJECT && event != Event.START_ARRAY) {
            return;
        }
        for (int depth = 1; depth > 0; ) {
            switch (in.next()) {
                case START_OBJECT, START_ARRAY -> depth++;
                case END_OBJECT, END_ARRAY -> depth--;
                default -> { }
            }
        }
    }
}
