package org.parley.protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Node strings of the spec's examples, and structs with every field set. */
final class Samples {

    /** alice, bob, an open room (§A). */
    static final String A = "KrffBZqyqTL";
    static final String B = "ZD9HTVV1Jca";
    static final String R = "Do9Mze4oBH9";
    /** The timestamp used throughout Appendix A, in nanoseconds. */
    static final long TS = 1_700_000_000_000_000_000L;

    private Samples() {
    }

    static Map<String, String> extend() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("k1", "v1");
        m.put("ключ", "значение ✓");
        return m;
    }

    static Map<String, byte[]> extra() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("bin", new byte[] {0, 1, (byte) 0xFF, (byte) 0x83});
        m.put("one", new byte[] {42});
        return m;
    }

    static List<String> nodes() {
        return new ArrayList<>(List.of(A, B, R));
    }

    static Tid tid() {
        return new Tid(A).setDomain("tlnet.top").setResource("web").setTermtyp((byte) 1).setExtend(extend());
    }

    static TimError error() {
        return ErrorCode.PERMISSION_DENIED.toTimError();
    }

    static TimAck ack() {
        return new TimAck().setOk(true).setTimType((byte) 16).setError(error()).setT(-1234567L).setN(A)
                .setT2(Long.MAX_VALUE).setN2("5gTeNZ1KiF3");
    }

    static TimReq req() {
        return new TimReq().setRtype(4).setNode(B).setNode2(A).setReqInt(Long.MIN_VALUE).setReqInt2(20L)
                .setReqStr("hello").setReqStr2("");
    }

    static TimAuth auth() {
        return new TimAuth().setName("alice").setPwd("123").setDomain("tlnet.top").setResource("web")
                .setTermtyp((byte) -1).setToken("h3NZByXYMA9").setExtend(extend());
    }

    static TimUserBean user() {
        return new TimUserBean().setName("Alice").setNickName("Ali").setBrithday("2000-01-01")
                .setGender((byte) 2).setCover("c.png").setArea("Nowhere").setCreatetime(TS)
                .setPhotoTidAlbum(nodes()).setExtend(extend()).setExtra(extra());
    }

    static TimRoomBean room() {
        return new TimRoomBean().setFounder(A).setManagers(nodes()).setCover("r.png").setTopic("topic")
                .setLabel("label").setGtype((byte) 2).setKind(7L).setCreatetime(TS).setExtend(extend())
                .setExtra(extra());
    }

    static TimPresence presence() {
        return new TimPresence().setId(42L).setOffline(true).setSubStatus((byte) 1).setFromTid(tid())
                .setToTid(new Tid(B)).setToList(nodes()).setShow((short) -300).setStatus("busy")
                .setExtend(extend()).setExtra(extra());
    }

    static TimMessage message() {
        return new TimMessage().setMsType((byte) 2).setOdType((byte) 1).setId(-5_547_000_000_000_000_000L)
                .setMid(7L).setBnType(4).setFromTid(tid()).setToTid(new Tid(B)).setRoomTid(new Tid(R))
                .setDataBinary(new byte[] {1, 2, 3}).setDataString("hi ✓ 😀 <&>").setIsOffline(false)
                .setTimestamp(TS).setUdtype((short) 5).setUdshow(Short.MIN_VALUE).setExtend(extend())
                .setExtra(extra()).setToList(nodes());
    }

    static TimStream stream() {
        return new TimStream().setId(123L).setVNode(R).setDtype((byte) 1).setBody(new byte[] {1, 2, 3})
                .setFromNode(A);
    }

    static TimNodes nodesStruct() {
        Map<String, TimUserBean> users = new LinkedHashMap<>();
        users.put(A, user());
        users.put(B, new TimUserBean().setName("Bob"));
        Map<String, TimRoomBean> rooms = new LinkedHashMap<>();
        rooms.put(R, room());
        return new TimNodes().setNtype(6).setNodelist(nodes()).setUsermap(users).setRoommap(rooms).setNode(R);
    }

    static TimMessageList messageList() {
        return new TimMessageList().setId(5L)
                .setMessageList(new ArrayList<>(List.of(message(), new TimMessage().setMsType((byte) 3)
                        .setOdType((byte) 1).setRoomTid(new Tid(R)).setDataString("hi all"))));
    }

    /** The class of a struct held as {@code TimStruct<?>}, typed for {@link WireCodec#decode}. */
    @SuppressWarnings("unchecked") // a TimStruct<T> is always a T
    static <T extends TimStruct<T>> Class<T> typeOf(TimStruct<T> struct) {
        return (Class<T>) struct.getClass();
    }

    /** One instance of every struct class, each with every field set. */
    static List<TimStruct<?>> allFull() {
        return List.of(tid(), error(), ack(), req(), auth(), user(), room(), presence(), message(), stream(),
                nodesStruct(), messageList());
    }
}
