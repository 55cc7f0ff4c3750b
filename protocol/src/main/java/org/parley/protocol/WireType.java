package org.parley.protocol;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The IDL type of a struct field, as far as tim uses them (§1.8). Besides telling the codecs what to
 * read and write, it gives every struct value-based equality, hashing, copying and printing that
 * also works for {@code byte[]} (alone or as map values).
 *
 * @param <V> the Java type of values of this wire type
 */
final class WireType<V> {

    enum Kind { BOOL, BYTE, I16, I32, I64, STRING, BINARY, LIST, MAP, STRUCT }

    static final WireType<Boolean> BOOL = new WireType<>(Kind.BOOL, null, null);
    static final WireType<Byte> BYTE = new WireType<>(Kind.BYTE, null, null);
    static final WireType<Short> I16 = new WireType<>(Kind.I16, null, null);
    static final WireType<Integer> I32 = new WireType<>(Kind.I32, null, null);
    static final WireType<Long> I64 = new WireType<>(Kind.I64, null, null);
    static final WireType<String> STRING = new WireType<>(Kind.STRING, null, null);
    static final WireType<byte[]> BINARY = new WireType<>(Kind.BINARY, null, null);
    static final WireType<List<String>> STRING_LIST = list(STRING);
    static final WireType<Map<String, String>> STRING_MAP = map(STRING);
    static final WireType<Map<String, byte[]>> BINARY_MAP = map(BINARY);

    final Kind kind;
    /** Element type of a list, value type of a map; null otherwise. */
    final WireType<?> element;
    /** Schema of a struct; null otherwise. */
    final StructSchema<?> schema;

    private WireType(Kind kind, WireType<?> element, StructSchema<?> schema) {
        this.kind = kind;
        this.element = element;
        this.schema = schema;
    }

    static <E> WireType<List<E>> list(WireType<E> element) {
        return new WireType<>(Kind.LIST, element, null);
    }

    /** A map keyed by strings: every map in tim's IDL is, so key types are not modelled. */
    static <E> WireType<Map<String, E>> map(WireType<E> value) {
        return new WireType<>(Kind.MAP, value, null);
    }

    static <S extends TimStruct<S>> WireType<S> struct(StructSchema<S> schema) {
        return new WireType<>(Kind.STRUCT, null, schema);
    }

    /**
     * What a required field holds on the wire when the Java value is null (§1.8 writer obligations).
     * Only scalar fields are required in tim's IDL.
     */
    Object zero() {
        return switch (kind) {
            case BOOL -> Boolean.FALSE;
            case BYTE -> (byte) 0;
            case I16 -> (short) 0;
            case I32 -> 0;
            case I64 -> 0L;
            case STRING -> "";
            default -> throw new IllegalStateException("no zero value for " + kind);
        };
    }

    /** Whether an absent value and this one are the same on the JSON wire (§1.7 drops empty containers). */
    boolean isEmpty(Object value) {
        return switch (kind) {
            case BINARY -> ((byte[]) value).length == 0;
            case LIST -> ((List<?>) value).isEmpty();
            case MAP -> ((Map<?, ?>) value).isEmpty();
            default -> false;
        };
    }

    boolean valueEquals(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        switch (kind) {
            case BINARY:
                return Arrays.equals((byte[]) a, (byte[]) b);
            case LIST: {
                List<?> x = (List<?>) a;
                List<?> y = (List<?>) b;
                if (x.size() != y.size()) {
                    return false;
                }
                for (int i = 0; i < x.size(); i++) {
                    if (!element.valueEquals(x.get(i), y.get(i))) {
                        return false;
                    }
                }
                return true;
            }
            case MAP: {
                Map<?, ?> x = (Map<?, ?>) a;
                Map<?, ?> y = (Map<?, ?>) b;
                if (x.size() != y.size()) {
                    return false;
                }
                for (Map.Entry<?, ?> e : x.entrySet()) {
                    if (!y.containsKey(e.getKey()) || !element.valueEquals(e.getValue(), y.get(e.getKey()))) {
                        return false;
                    }
                }
                return true;
            }
            default:
                return a.equals(b);
        }
    }

    /** Consistent with {@link #valueEquals}; follows the {@link List} and {@link Map} hash contracts. */
    int valueHash(Object v) {
        if (v == null) {
            return 0;
        }
        switch (kind) {
            case BINARY:
                return Arrays.hashCode((byte[]) v);
            case LIST: {
                int h = 1;
                for (Object e : (List<?>) v) {
                    h = 31 * h + element.valueHash(e);
                }
                return h;
            }
            case MAP: {
                int h = 0;
                for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                    h += Objects.hashCode(e.getKey()) ^ element.valueHash(e.getValue());
                }
                return h;
            }
            default:
                return v.hashCode();
        }
    }

    /** A copy sharing nothing mutable with {@code v}. */
    Object copy(Object v) {
        if (v == null) {
            return null;
        }
        switch (kind) {
            case BINARY:
                return ((byte[]) v).clone();
            case LIST: {
                List<?> source = (List<?>) v;
                List<Object> copy = new ArrayList<>(source.size());
                for (Object e : source) {
                    copy.add(element.copy(e));
                }
                return copy;
            }
            case MAP: {
                Map<?, ?> source = (Map<?, ?>) v;
                Map<Object, Object> copy = new LinkedHashMap<>(source.size() * 2);
                for (Map.Entry<?, ?> e : source.entrySet()) {
                    copy.put(e.getKey(), element.copy(e.getValue()));
                }
                return copy;
            }
            case STRUCT:
                return ((TimStruct<?>) v).copy();
            default:
                return v; // boxed primitives and strings are immutable
        }
    }

    /** Appends a readable form: strings quoted, binaries as their length only. */
    void print(StringBuilder out, Object v) {
        if (v == null) {
            out.append("null");
            return;
        }
        switch (kind) {
            case STRING:
                out.append('"').append(v).append('"');
                break;
            case BINARY:
                out.append("byte[").append(((byte[]) v).length).append(']');
                break;
            case LIST: {
                out.append('[');
                String sep = "";
                for (Object e : (List<?>) v) {
                    out.append(sep);
                    element.print(out, e);
                    sep = ", ";
                }
                out.append(']');
                break;
            }
            case MAP: {
                out.append('{');
                String sep = "";
                for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                    out.append(sep).append('"').append(e.getKey()).append("\"=");
                    element.print(out, e.getValue());
                    sep = ", ";
                }
                out.append('}');
                break;
            }
            default:
                out.append(v);
        }
    }
}
