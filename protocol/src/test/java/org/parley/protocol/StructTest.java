package org.parley.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.parley.protocol.Samples.A;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Value semantics of the structs, their schemas, and the error codes. */
class StructTest {

    @Test
    void everyStructClassHasASchemaAndASample() {
        Set<Class<?>> sampled = new HashSet<>();
        for (TimStruct<?> sample : Samples.allFull()) {
            sampled.add(sample.getClass());
            assertSame(sample.schema(), StructSchema.of(Samples.typeOf(sample)));
            // The round-trip tests only prove something if the samples set every field.
            for (StructSchema.Field<?> field : sample.schema().fields()) {
                assertNotNull(getField(sample, field), sample.schema().name + "." + field.name);
            }
        }
        assertEquals(Set.of(TimStruct.class.getPermittedSubclasses()), sampled);
    }

    @SuppressWarnings("unchecked") // the field belongs to this sample's schema
    private static <T extends TimStruct<T>> Object getField(TimStruct<T> struct, StructSchema.Field<?> field) {
        return ((StructSchema.Field<T>) field).get(struct.schema().cast(struct));
    }

    @Test
    void copiesAreDeep() {
        TimMessage original = Samples.message();
        TimMessage copy = original.copy();
        assertEquals(original, copy);
        assertNotSame(original.getFromTid(), copy.getFromTid());

        copy.getFromTid().setNode("other");
        copy.getDataBinary()[0] = 99;
        copy.getExtra().get("bin")[0] = 99;
        copy.getExtend().put("new", "x");
        copy.getToList().add("x");
        assertEquals(Samples.message(), original);
        assertNotEquals(original, copy);

        TimNodes nodes = Samples.nodesStruct();
        TimNodes nodesCopy = nodes.copy();
        nodesCopy.getUsermap().get(A).getPhotoTidAlbum().clear();
        assertEquals(Samples.nodesStruct(), nodes);

        TimMessageList list = Samples.messageList();
        list.copy().getMessageList().get(0).setDataString("changed");
        assertEquals(Samples.messageList(), list);
    }

    @Test
    void equalityComparesBinariesByContent() {
        TimStream a = new TimStream().setBody(new byte[] {1, 2, 3});
        TimStream b = new TimStream().setBody(new byte[] {1, 2, 3});
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, b.setBody(new byte[] {1, 2, 4}));

        TimMessage m1 = new TimMessage().setExtra(Map.of("k", new byte[] {7}));
        TimMessage m2 = new TimMessage().setExtra(Map.of("k", new byte[] {7}));
        assertEquals(m1, m2);
        assertEquals(m1.hashCode(), m2.hashCode());
        assertNotEquals(m1, m2.setExtra(Map.of("k", new byte[] {8})));
    }

    @Test
    void equalityRespectsClassAndUnsetFields() {
        assertNotEquals(new TimReq(), new TimAuth());
        assertNotEquals(new TimAck().setOk(false), new TimAck());
        assertEquals(new Tid(A), new Tid().setNode(A));
        assertEquals(Samples.nodesStruct().hashCode(), Samples.nodesStruct().hashCode());
    }

    @Test
    void toStringShowsSetFieldsAndBinaryLengths() {
        assertEquals("TimAck{ok=true, timType=16, error=TimError{code=4105, info=\"permission denied\"}}",
                new TimAck().setOk(true).setTimType((byte) 16).setError(ErrorCode.PERMISSION_DENIED.toTimError())
                        .toString());
        assertEquals("TimStream{VNode=\"v\", body=byte[3]}", new TimStream().setVNode("v").setBody(new byte[3]).toString());
        assertEquals("TimMessage{extra={\"k\"=byte[2]}, ToList=[\"a\", \"b\"]}",
                new TimMessage().setExtra(Map.of("k", new byte[2])).setToList(List.of("a", "b")).toString());
    }

    @Test
    void settersChainAndGettersReturnWhatWasSet() {
        byte[] body = {1};
        TimStream stream = new TimStream().setId(1L).setVNode("v").setDtype((byte) 2).setBody(body).setFromNode(A);
        assertEquals(1L, stream.getId());
        assertEquals("v", stream.getVNode());
        assertEquals((byte) 2, stream.getDtype());
        assertSame(body, stream.getBody());
        assertEquals(A, stream.getFromNode());
        assertNull(new TimUserBean().getBrithday());
    }

    @Test
    void errorCodes() {
        assertEquals(ErrorCode.BIG_DATA_ERROR, ErrorCode.of(4114));
        assertEquals(ErrorCode.FREQ_OUT_OF_LIMIT, ErrorCode.of(5105));
        assertNull(ErrorCode.of(1101));
        assertEquals(new TimError(4108, "must not be a cancle object"), ErrorCode.CANCELLED_OBJECT.toTimError());
        assertEquals("error repetitive operation", ErrorCode.REPETITIVE_OPERATION.info());
        assertEquals(22, ErrorCode.values().length);
        assertEquals(22, Arrays.stream(ErrorCode.values()).mapToInt(ErrorCode::code).distinct().count());
    }

    @Test
    void schemaLookupRefusesForeignClasses() {
        @SuppressWarnings({"unchecked", "rawtypes"})
        Class<Tid> notAStruct = (Class) String.class;
        assertThrows(IllegalArgumentException.class, () -> StructSchema.of(notAStruct));
    }
}
