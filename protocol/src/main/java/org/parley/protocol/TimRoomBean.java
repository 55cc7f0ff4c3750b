package org.parley.protocol;

import java.util.List;
import java.util.Map;

/**
 * A room profile (§5.11).
 */
public final class TimRoomBean extends TimStruct<TimRoomBean> {

    /** The IDL layout (§1.8); the names are also the JSON keys. */
    static final StructSchema<TimRoomBean> SCHEMA = StructSchema.builder(TimRoomBean.class, TimRoomBean::new)
            .optional(1, "founder", WireType.STRING, TimRoomBean::getFounder, TimRoomBean::setFounder)
            .optional(2, "managers", WireType.STRING_LIST, TimRoomBean::getManagers, TimRoomBean::setManagers)
            .optional(3, "cover", WireType.STRING, TimRoomBean::getCover, TimRoomBean::setCover)
            .optional(4, "topic", WireType.STRING, TimRoomBean::getTopic, TimRoomBean::setTopic)
            .optional(5, "label", WireType.STRING, TimRoomBean::getLabel, TimRoomBean::setLabel)
            .optional(6, "gtype", WireType.BYTE, TimRoomBean::getGtype, TimRoomBean::setGtype)
            .optional(7, "kind", WireType.I64, TimRoomBean::getKind, TimRoomBean::setKind)
            .optional(8, "createtime", WireType.I64, TimRoomBean::getCreatetime, TimRoomBean::setCreatetime)
            .optional(9, "extend", WireType.STRING_MAP, TimRoomBean::getExtend, TimRoomBean::setExtend)
            .optional(10, "extra", WireType.BINARY_MAP, TimRoomBean::getExtra, TimRoomBean::setExtra)
            .build();
    static final WireType<TimRoomBean> TYPE = WireType.struct(SCHEMA);

    private String founder;
    private List<String> managers;
    private String cover;
    private String topic;
    private String label;
    private Byte gtype;
    private Long kind;
    private Long createtime;
    private Map<String, String> extend;
    private Map<String, byte[]> extra;

    public String getFounder() {
        return founder;
    }

    public TimRoomBean setFounder(String founder) {
        this.founder = founder;
        return this;
    }

    public List<String> getManagers() {
        return managers;
    }

    public TimRoomBean setManagers(List<String> managers) {
        this.managers = managers;
        return this;
    }

    public String getCover() {
        return cover;
    }

    public TimRoomBean setCover(String cover) {
        this.cover = cover;
        return this;
    }

    public String getTopic() {
        return topic;
    }

    public TimRoomBean setTopic(String topic) {
        this.topic = topic;
        return this;
    }

    public String getLabel() {
        return label;
    }

    public TimRoomBean setLabel(String label) {
        this.label = label;
        return this;
    }

    public Byte getGtype() {
        return gtype;
    }

    public TimRoomBean setGtype(Byte gtype) {
        this.gtype = gtype;
        return this;
    }

    public Long getKind() {
        return kind;
    }

    public TimRoomBean setKind(Long kind) {
        this.kind = kind;
        return this;
    }

    public Long getCreatetime() {
        return createtime;
    }

    public TimRoomBean setCreatetime(Long createtime) {
        this.createtime = createtime;
        return this;
    }

    public Map<String, String> getExtend() {
        return extend;
    }

    public TimRoomBean setExtend(Map<String, String> extend) {
        this.extend = extend;
        return this;
    }

    public Map<String, byte[]> getExtra() {
        return extra;
    }

    public TimRoomBean setExtra(Map<String, byte[]> extra) {
        this.extra = extra;
        return this;
    }

    @Override
    StructSchema<TimRoomBean> schema() {
        return SCHEMA;
    }
}
