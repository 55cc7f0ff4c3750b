package org.parley.protocol;

import java.util.List;
import java.util.Map;

/**
 * Presence (§5.13): online or offline, a sub-status, show and status text, from one user to another
 * user or a list of them.
 */
public final class TimPresence extends TimStruct<TimPresence> {

    /** The IDL layout (§1.8); the names are also the JSON keys. */
    static final StructSchema<TimPresence> SCHEMA = StructSchema.builder(TimPresence.class, TimPresence::new)
            .optional(1, "id", WireType.I64, TimPresence::getId, TimPresence::setId)
            .optional(2, "offline", WireType.BOOL, TimPresence::getOffline, TimPresence::setOffline)
            .optional(3, "subStatus", WireType.BYTE, TimPresence::getSubStatus, TimPresence::setSubStatus)
            .optional(4, "fromTid", Tid.TYPE, TimPresence::getFromTid, TimPresence::setFromTid)
            .optional(5, "toTid", Tid.TYPE, TimPresence::getToTid, TimPresence::setToTid)
            .optional(6, "toList", WireType.STRING_LIST, TimPresence::getToList, TimPresence::setToList)
            .optional(7, "show", WireType.I16, TimPresence::getShow, TimPresence::setShow)
            .optional(8, "status", WireType.STRING, TimPresence::getStatus, TimPresence::setStatus)
            .optional(9, "extend", WireType.STRING_MAP, TimPresence::getExtend, TimPresence::setExtend)
            .optional(10, "extra", WireType.BINARY_MAP, TimPresence::getExtra, TimPresence::setExtra)
            .build();

    private Long id;
    private Boolean offline;
    private Byte subStatus;
    private Tid fromTid;
    private Tid toTid;
    private List<String> toList;
    private Short show;
    private String status;
    private Map<String, String> extend;
    private Map<String, byte[]> extra;

    public Long getId() {
        return id;
    }

    public TimPresence setId(Long id) {
        this.id = id;
        return this;
    }

    public Boolean getOffline() {
        return offline;
    }

    public TimPresence setOffline(Boolean offline) {
        this.offline = offline;
        return this;
    }

    public Byte getSubStatus() {
        return subStatus;
    }

    public TimPresence setSubStatus(Byte subStatus) {
        this.subStatus = subStatus;
        return this;
    }

    public Tid getFromTid() {
        return fromTid;
    }

    public TimPresence setFromTid(Tid fromTid) {
        this.fromTid = fromTid;
        return this;
    }

    public Tid getToTid() {
        return toTid;
    }

    public TimPresence setToTid(Tid toTid) {
        this.toTid = toTid;
        return this;
    }

    public List<String> getToList() {
        return toList;
    }

    public TimPresence setToList(List<String> toList) {
        this.toList = toList;
        return this;
    }

    public Short getShow() {
        return show;
    }

    public TimPresence setShow(Short show) {
        this.show = show;
        return this;
    }

    public String getStatus() {
        return status;
    }

    public TimPresence setStatus(String status) {
        this.status = status;
        return this;
    }

    public Map<String, String> getExtend() {
        return extend;
    }

    public TimPresence setExtend(Map<String, String> extend) {
        this.extend = extend;
        return this;
    }

    public Map<String, byte[]> getExtra() {
        return extra;
    }

    public TimPresence setExtra(Map<String, byte[]> extra) {
        this.extra = extra;
        return this;
    }

    @Override
    StructSchema<TimPresence> schema() {
        return SCHEMA;
    }
}
