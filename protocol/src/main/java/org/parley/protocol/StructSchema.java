package org.parley.protocol;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The IDL description of one struct (§1.8): its fields with id, name, type and required flag, and
 * how to get and set each on the Java object. Both codecs, and the value semantics of
 * {@link TimStruct}, are driven by it, so a struct's layout is stated exactly once.
 *
 * <p>Each struct class builds its schema once, in a static field. Fields are read and written
 * through method references, not reflection.
 */
final class StructSchema<T extends TimStruct<T>> {

    /**
     * One field. Values travel as {@code Object}; the {@link Builder} has checked at compile time that
     * getter, setter and wire type agree.
     */
    static final class Field<T> {
        final short id;
        /** The IDL name, which is also the JSON key. */
        final String name;
        final WireType<?> type;
        final boolean required;
        private final Function<T, ?> getter;
        private final BiConsumer<T, Object> setter;

        private Field(int id, String name, WireType<?> type, boolean required,
                      Function<T, ?> getter, BiConsumer<T, Object> setter) {
            this.id = (short) id;
            this.name = name;
            this.type = type;
            this.required = required;
            this.getter = getter;
            this.setter = setter;
        }

        Object get(T struct) {
            return getter.apply(struct);
        }

        void set(T struct, Object value) {
            setter.accept(struct, value);
        }
    }

    final String name;
    private final Class<T> type;
    private final Supplier<T> factory;
    private final List<Field<T>> fields;
    /** Indexed by field id; ids in tim's IDL are small (at most 17). */
    private final List<Field<T>> byId;
    /** Keyed by lower-cased name, because JSON keys are matched case-insensitively (§1.7). */
    private final Map<String, Field<T>> byLowerCaseName;

    private StructSchema(Class<T> type, Supplier<T> factory, List<Field<T>> fields) {
        this.name = type.getSimpleName();
        this.type = type;
        this.factory = factory;
        this.fields = List.copyOf(fields);
        int maxId = fields.get(fields.size() - 1).id;
        List<Field<T>> ids = new ArrayList<>(Collections.nCopies(maxId + 1, null));
        Map<String, Field<T>> names = new HashMap<>();
        for (Field<T> f : fields) {
            ids.set(f.id, f);
            names.put(f.name.toLowerCase(Locale.ROOT), f);
        }
        this.byId = ids; // not List.copyOf: that rejects the null gaps
        this.byLowerCaseName = Map.copyOf(names);
    }

    static <T extends TimStruct<T>> Builder<T> builder(Class<T> type, Supplier<T> factory) {
        return new Builder<>(type, factory);
    }

    /** The schema of a struct class; every {@link TimStruct} subclass is registered. */
    @SuppressWarnings("unchecked") // the registry maps each class to its own schema
    static <T extends TimStruct<T>> StructSchema<T> of(Class<T> type) {
        StructSchema<?> schema = Registry.BY_CLASS.get(type);
        if (schema == null) {
            throw new IllegalArgumentException("not a tim struct: " + type.getName());
        }
        return (StructSchema<T>) schema;
    }

    T newInstance() {
        return factory.get();
    }

    T cast(Object value) {
        return type.cast(value);
    }

    /** Fields in id order, the order both encodings write them in. */
    List<Field<T>> fields() {
        return fields;
    }

    /** The field with this id, or null if the IDL has none. */
    Field<T> field(short id) {
        return id >= 0 && id < byId.size() ? byId.get(id) : null;
    }

    /** The field whose name matches this JSON key ignoring case, or null. */
    Field<T> fieldForJsonKey(String key) {
        return byLowerCaseName.get(key.toLowerCase(Locale.ROOT));
    }

    boolean equals(T a, T b) {
        for (Field<T> f : fields) {
            if (!f.type.valueEquals(f.get(a), f.get(b))) {
                return false;
            }
        }
        return true;
    }

    int hashCode(T struct) {
        int h = type.hashCode();
        for (Field<T> f : fields) {
            h = 31 * h + f.type.valueHash(f.get(struct));
        }
        return h;
    }

    T copy(T struct) {
        T copy = factory.get();
        for (Field<T> f : fields) {
            Object v = f.get(struct);
            if (v != null) {
                f.set(copy, f.type.copy(v));
            }
        }
        return copy;
    }

    /** {@code Name{field=value, ...}} listing the set fields only. */
    String toString(T struct) {
        StringBuilder out = new StringBuilder(name).append('{');
        String sep = "";
        for (Field<T> f : fields) {
            Object v = f.get(struct);
            if (v != null) {
                out.append(sep).append(f.name).append('=');
                f.type.print(out, v);
                sep = ", ";
            }
        }
        return out.append('}').toString();
    }

    static final class Builder<T extends TimStruct<T>> {
        private final Class<T> type;
        private final Supplier<T> factory;
        private final List<Field<T>> fields = new ArrayList<>();

        private Builder(Class<T> type, Supplier<T> factory) {
            this.type = type;
            this.factory = factory;
        }

        /** A field that is always written, as its zero value when unset. */
        <V> Builder<T> required(int id, String name, WireType<V> wireType,
                                Function<T, V> getter, BiConsumer<T, V> setter) {
            return add(id, name, wireType, true, getter, setter);
        }

        /** A field that is written only when set. */
        <V> Builder<T> optional(int id, String name, WireType<V> wireType,
                                Function<T, V> getter, BiConsumer<T, V> setter) {
            return add(id, name, wireType, false, getter, setter);
        }

        @SuppressWarnings("unchecked") // values reaching the setter are produced for this wire type
        private <V> Builder<T> add(int id, String name, WireType<V> wireType, boolean required,
                                   Function<T, V> getter, BiConsumer<T, V> setter) {
            if (!fields.isEmpty() && fields.get(fields.size() - 1).id >= id) {
                throw new IllegalArgumentException(type.getSimpleName() + ": field ids must ascend at " + id);
            }
            fields.add(new Field<>(id, name, wireType, required, getter,
                    (struct, value) -> setter.accept(struct, (V) value)));
            return this;
        }

        StructSchema<T> build() {
            return new StructSchema<>(type, factory, fields);
        }
    }

    /**
     * Class-to-schema index for {@link #of}. A holder class, so that the struct classes (whose static
     * initialisers build schemas) are not initialised from inside this class's own initialiser.
     */
    private static final class Registry {
        static final Map<Class<?>, StructSchema<?>> BY_CLASS = index(
                Tid.SCHEMA, TimError.SCHEMA, TimAck.SCHEMA, TimReq.SCHEMA, TimAuth.SCHEMA,
                TimUserBean.SCHEMA, TimRoomBean.SCHEMA, TimPresence.SCHEMA, TimMessage.SCHEMA,
                TimStream.SCHEMA, TimNodes.SCHEMA, TimMessageList.SCHEMA);

        private static Map<Class<?>, StructSchema<?>> index(StructSchema<?>... schemas) {
            Map<Class<?>, StructSchema<?>> map = new HashMap<>();
            for (StructSchema<?> s : schemas) {
                map.put(s.type, s);
            }
            return Map.copyOf(map);
        }
    }
}
