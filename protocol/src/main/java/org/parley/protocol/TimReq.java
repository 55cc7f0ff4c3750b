package org.parley.protocol;

/**
 * A generic request (pull, virtual room, business operations): a request type and node,
 * number and string arguments whose meaning depends on it (§5.8–§5.10).
 */
public final class TimReq extends TimStruct<TimReq> {

    /** The IDL layout (§1.8); the names are also the JSON keys. */
    static final StructSchema<TimReq> SCHEMA = StructSchema.builder(TimReq.class, TimReq::new)
            .optional(1, "rtype", WireType.I32, TimReq::getRtype, TimReq::setRtype)
            .optional(2, "node", WireType.STRING, TimReq::getNode, TimReq::setNode)
            .optional(3, "node2", WireType.STRING, TimReq::getNode2, TimReq::setNode2)
            .optional(4, "reqInt", WireType.I64, TimReq::getReqInt, TimReq::setReqInt)
            .optional(5, "reqInt2", WireType.I64, TimReq::getReqInt2, TimReq::setReqInt2)
            .optional(6, "reqStr", WireType.STRING, TimReq::getReqStr, TimReq::setReqStr)
            .optional(7, "reqStr2", WireType.STRING, TimReq::getReqStr2, TimReq::setReqStr2)
            .build();

    private Integer rtype;
    private String node;
    private String node2;
    private Long reqInt;
    private Long reqInt2;
    private String reqStr;
    private String reqStr2;

    public Integer getRtype() {
        return rtype;
    }

    public TimReq setRtype(Integer rtype) {
        this.rtype = rtype;
        return this;
    }

    public String getNode() {
        return node;
    }

    public TimReq setNode(String node) {
        this.node = node;
        return this;
    }

    public String getNode2() {
        return node2;
    }

    public TimReq setNode2(String node2) {
        this.node2 = node2;
        return this;
    }

    public Long getReqInt() {
        return reqInt;
    }

    public TimReq setReqInt(Long reqInt) {
        this.reqInt = reqInt;
        return this;
    }

    public Long getReqInt2() {
        return reqInt2;
    }

    public TimReq setReqInt2(Long reqInt2) {
        this.reqInt2 = reqInt2;
        return this;
    }

    public String getReqStr() {
        return reqStr;
    }

    public TimReq setReqStr(String reqStr) {
        this.reqStr = reqStr;
        return this;
    }

    public String getReqStr2() {
        return reqStr2;
    }

    public TimReq setReqStr2(String reqStr2) {
        this.reqStr2 = reqStr2;
        return this;
    }

    @Override
    StructSchema<TimReq> schema() {
        return SCHEMA;
    }
}
