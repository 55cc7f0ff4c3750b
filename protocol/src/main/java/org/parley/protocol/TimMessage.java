package org.parley.protocol;

import java.util.List;
import java.util.Map;

/**
 * A message between users or in a room (§5.12): chat, revoke, burn, stream or server notice, as
 * selected by {@code msType}, {@code odType} and {@code bnType} (§5.16). Field 17 {@code ToList} is
 * new in v2 and no client uses it.
 */
public final class TimMessage extends TimStruct<TimMessage> {

    /** The IDL layout (§1.8); the names are also the JSON keys. */
    static final StructSchema<TimMessage> SCHEMA = StructSchema.builder(TimMessage.class, TimMessage::new)
            .required(1, "msType", WireType.BYTE, TimMessage::getMsType, TimMessage::setMsType)
            .required(2, "odType", WireType.BYTE, TimMessage::getOdType, TimMessage::setOdType)
            .optional(3, "id", WireType.I64, TimMessage::getId, TimMessage::setId)
            .optional(4, "mid", WireType.I64, TimMessage::getMid, TimMessage::setMid)
            .optional(5, "bnType", WireType.I32, TimMessage::getBnType, TimMessage::setBnType)
            .optional(6, "fromTid", Tid.TYPE, TimMessage::getFromTid, TimMessage::setFromTid)
            .optional(7, "toTid", Tid.TYPE, TimMessage::getToTid, TimMessage::setToTid)
            .optional(8, "roomTid", Tid.TYPE, TimMessage::getRoomTid, TimMessage::setRoomTid)
            .optional(9, "dataBinary", WireType.BINARY, TimMessage::getDataBinary, TimMessage::setDataBinary)
            .optional(10, "dataString", WireType.STRING, TimMessage::getDataString, TimMessage::setDataString)
            .optional(11, "isOffline", WireType.BOOL, TimMessage::getIsOffline, TimMessage::setIsOffline)
            .optional(12, "timestamp", WireType.I64, TimMessage::getTimestamp, TimMessage::setTimestamp)
            .optional(13, "udtype", WireType.I16, TimMessage::getUdtype, TimMessage::setUdtype)
            .optional(14, "udshow", WireType.I16, TimMessage::getUdshow, TimMessage::setUdshow)
            .optional(15, "extend", WireType.STRING_MAP, TimMessage::getExtend, TimMessage::setExtend)
            .optional(16, "extra", WireType.BINARY_MAP, TimMessage::getExtra, TimMessage::setExtra)
            .optional(17, "ToList", WireType.STRING_LIST, TimMessage::getToList, TimMessage::setToList)
            .build();
    static final WireType<TimMessage> TYPE = WireType.struct(SCHEMA);

    private Byte msType;
    private Byte odType;
    private Long id;
    private Long mid;
    private Integer bnType;
    private Tid fromTid;
    private Tid toTid;
    private Tid roomTid;
    private byte[] dataBinary;
    private String dataString;
    private Boolean isOffline;
    private Long timestamp;
    private Short udtype;
    private Short udshow;
    private Map<String, String> extend;
    private Map<String, byte[]> extra;
    private List<String> toList;

    public Byte getMsType() {
        return msType;
    }

    public TimMessage setMsType(Byte msType) {
        this.msType = msType;
        return this;
    }

    public Byte getOdType() {
        return odType;
    }

    public TimMessage setOdType(Byte odType) {
        this.odType = odType;
        return this;
    }

    public Long getId() {
        return id;
    }

    public TimMessage setId(Long id) {
        this.id = id;
        return this;
    }

    public Long getMid() {
        return mid;
    }

    public TimMessage setMid(Long mid) {
        this.mid = mid;
        return this;
    }

    public Integer getBnType() {
        return bnType;
    }

    public TimMessage setBnType(Integer bnType) {
        this.bnType = bnType;
        return this;
    }

    public Tid getFromTid() {
        return fromTid;
    }

    public TimMessage setFromTid(Tid fromTid) {
        this.fromTid = fromTid;
        return this;
    }

    public Tid getToTid() {
        return toTid;
    }

    public TimMessage setToTid(Tid toTid) {
        this.toTid = toTid;
        return this;
    }

    public Tid getRoomTid() {
        return roomTid;
    }

    public TimMessage setRoomTid(Tid roomTid) {
        this.roomTid = roomTid;
        return this;
    }

    public byte[] getDataBinary() {
        return dataBinary;
    }

    public TimMessage setDataBinary(byte[] dataBinary) {
        this.dataBinary = dataBinary;
        return this;
    }

    public String getDataString() {
        return dataString;
    }

    public TimMessage setDataString(String dataString) {
        this.dataString = dataString;
        return this;
    }

    public Boolean getIsOffline() {
        return isOffline;
    }

    public TimMessage setIsOffline(Boolean isOffline) {
        this.isOffline = isOffline;
        return this;
    }

    public Long getTimestamp() {
        return timestamp;
    }

    public TimMessage setTimestamp(Long timestamp) {
        this.timestamp = timestamp;
        return this;
    }

    public Short getUdtype() {
        return udtype;
    }

    public TimMessage setUdtype(Short udtype) {
        this.udtype = udtype;
        return this;
    }

    public Short getUdshow() {
        return udshow;
    }

    public TimMessage setUdshow(Short udshow) {
        this.udshow = udshow;
        return this;
    }

    public Map<String, String> getExtend() {
        return extend;
    }

    public TimMessage setExtend(Map<String, String> extend) {
        this.extend = extend;
        return this;
    }

    public Map<String, byte[]> getExtra() {
        return extra;
    }

    public TimMessage setExtra(Map<String, byte[]> extra) {
        this.extra = extra;
        return this;
    }

    public List<String> getToList() {
        return toList;
    }

    public TimMessage setToList(List<String> toList) {
        this.toList = toList;
        return this;
    }

    @Override
    StructSchema<TimMessage> schema() {
        return SCHEMA;
    }
}
