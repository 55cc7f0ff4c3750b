package org.parley.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.thrift.TConfiguration;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TCompactProtocol;
import org.apache.thrift.protocol.TField;
import org.apache.thrift.protocol.TList;
import org.apache.thrift.protocol.TMap;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.protocol.TProtocolUtil;
import org.apache.thrift.protocol.TStruct;
import org.apache.thrift.protocol.TType;
import org.apache.thrift.transport.TIOStreamTransport;
import org.apache.thrift.transport.TMemoryInputTransport;

/**
 * Thrift compact bodies (§1.8), the encoding of atim, timgo and every non-JSON socket.
 *
 * <p>Writing follows the generated Thrift code: fields in id order, optional fields only when set,
 * required fields always (as zero when unset, which atim's readers need). Reading is more lenient
 * than generated code, as §1.8 asks: bytes after the top-level STOP are ignored (atim pads with
 * zeros), unknown field ids and fields of an unexpected wire type are skipped, and missing required
 * fields are not an error.
 *
 * <p>Hostile lengths are safe: the input transport is bounded by the body length, so libthrift
 * rejects any string, list or map that claims more bytes than remain before allocating it.
 */
public final class ThriftCodec implements WireCodec {

    public static final ThriftCodec INSTANCE = new ThriftCodec();

    private static final TStruct ANONYMOUS = new TStruct();

    private ThriftCodec() {
    }

    @Override
    public byte[] encode(TimStruct<?> struct) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try {
            TProtocol out = new TCompactProtocol(new TIOStreamTransport(TConfiguration.DEFAULT, bytes));
            writeStruct(out, struct.schema(), struct);
        } catch (TException e) {
            throw new IllegalStateException("writing to memory failed", e); // cannot happen
        }
        return bytes.toByteArray();
    }

    @Override
    public <T extends TimStruct<T>> T decode(byte[] data, int offset, int length, Class<T> type) {
        Objects.checkFromIndexSize(offset, length, data.length);
        StructSchema<T> schema = StructSchema.of(type);
        try {
            TMemoryInputTransport in = new TMemoryInputTransport(TConfiguration.DEFAULT, data, offset, length);
            return readStruct(new TCompactProtocol(in), schema);
        } catch (TException e) {
            throw new ProtocolException("unreadable Thrift " + schema.name + ": " + e.getMessage(), e);
        }
    }

    private static <T extends TimStruct<T>> void writeStruct(TProtocol out, StructSchema<T> schema, Object value)
            throws TException {
        T struct = schema.cast(value);
        out.writeStructBegin(ANONYMOUS);
        for (StructSchema.Field<T> field : schema.fields()) {
            Object v = field.get(struct);
            if (v == null) {
                if (!field.required) {
                    continue;
                }
                v = field.type.zero();
            }
            out.writeFieldBegin(new TField(field.name, ttype(field.type), field.id));
            writeValue(out, field.type, v);
            out.writeFieldEnd();
        }
        out.writeFieldStop();
        out.writeStructEnd();
    }

    private static void writeValue(TProtocol out, WireType<?> type, Object v) throws TException {
        switch (type.kind) {
            case BOOL -> out.writeBool((Boolean) v);
            case BYTE -> out.writeByte((Byte) v);
            case I16 -> out.writeI16((Short) v);
            case I32 -> out.writeI32((Integer) v);
            case I64 -> out.writeI64((Long) v);
            case STRING -> out.writeString((String) v);
            case BINARY -> out.writeBinary(ByteBuffer.wrap((byte[]) v));
            case LIST -> {
                List<?> list = (List<?>) v;
                out.writeListBegin(new TList(ttype(type.element), list.size()));
                for (Object e : list) {
                    writeValue(out, type.element, Objects.requireNonNull(e, "null in a list"));
                }
                out.writeListEnd();
            }
            case MAP -> {
                Map<?, ?> map = (Map<?, ?>) v;
                out.writeMapBegin(new TMap(TType.STRING, ttype(type.element), map.size()));
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    out.writeString((String) Objects.requireNonNull(e.getKey(), "null map key"));
                    writeValue(out, type.element, Objects.requireNonNull(e.getValue(), "null map value"));
                }
                out.writeMapEnd();
            }
            case STRUCT -> writeStruct(out, type.schema, v);
        }
    }

    private static <T extends TimStruct<T>> T readStruct(TProtocol in, StructSchema<T> schema) throws TException {
        T struct = schema.newInstance();
        in.readStructBegin();
        for (TField header = in.readFieldBegin(); header.type != TType.STOP; header = in.readFieldBegin()) {
            StructSchema.Field<T> field = schema.field(header.id);
            if (field != null && header.type == ttype(field.type)) {
                Object value = readValue(in, field.type);
                if (value != null) {
                    field.set(struct, value);
                }
            } else {
                // A newer peer's field, or a known id with the wrong type; the rest is still usable.
                TProtocolUtil.skip(in, header.type);
            }
            in.readFieldEnd();
        }
        in.readStructEnd();
        return struct;
    }

    /** The value of a field whose header matched its type; null for a container of wrong element types. */
    private static Object readValue(TProtocol in, WireType<?> type) throws TException {
        return switch (type.kind) {
            case BOOL -> in.readBool();
            case BYTE -> in.readByte();
            case I16 -> in.readI16();
            case I32 -> in.readI32();
            case I64 -> in.readI64();
            case STRING -> in.readString();
            case BINARY -> {
                ByteBuffer view = in.readBinary(); // may share the input array: copy it out
                byte[] bytes = new byte[view.remaining()];
                view.get(bytes);
                yield bytes;
            }
            case LIST -> readList(in, type.element);
            case MAP -> readMap(in, type.element);
            case STRUCT -> readStruct(in, type.schema);
        };
    }

    private static List<Object> readList(TProtocol in, WireType<?> element) throws TException {
        TList header = in.readListBegin();
        if (header.size > 0 && header.elemType != ttype(element)) {
            for (int i = 0; i < header.size; i++) {
                TProtocolUtil.skip(in, header.elemType);
            }
            return null;
        }
        List<Object> list = new ArrayList<>(header.size);
        for (int i = 0; i < header.size; i++) {
            list.add(readValue(in, element));
        }
        in.readListEnd();
        return list;
    }

    private static Map<String, Object> readMap(TProtocol in, WireType<?> value) throws TException {
        TMap header = in.readMapBegin();
        if (header.size > 0 && (header.keyType != TType.STRING || header.valueType != ttype(value))) {
            for (int i = 0; i < header.size; i++) {
                TProtocolUtil.skip(in, header.keyType);
                TProtocolUtil.skip(in, header.valueType);
            }
            return null;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < header.size; i++) {
            map.put(in.readString(), readValue(in, value));
        }
        in.readMapEnd();
        return map;
    }

    private static byte ttype(WireType<?> type) {
        return switch (type.kind) {
            case BOOL -> TType.BOOL;
            case BYTE -> TType.BYTE;
            case I16 -> TType.I16;
            case I32 -> TType.I32;
            case I64 -> TType.I64;
            case STRING, BINARY -> TType.STRING;
            case LIST -> TType.LIST;
            case MAP -> TType.MAP;
            case STRUCT -> TType.STRUCT;
        };
    }
}
