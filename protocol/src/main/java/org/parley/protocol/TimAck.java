package org.parley.protocol;

/**
 * The carrier of every synchronous answer, sent as frame type 12 (§5.1): whether the request
 * succeeded, the frame type it answers, and request-specific values in {@code t}, {@code n},
 * {@code t2}, {@code n2}.
 */
public final class TimAck extends TimStruct<TimAck> {

    /** The IDL layout (§1.8); the names are also the JSON keys. */
    static final StructSchema<TimAck> SCHEMA = StructSchema.builder(TimAck.class, TimAck::new)
            .required(1, "ok", WireType.BOOL, TimAck::getOk, TimAck::setOk)
            .required(2, "timType", WireType.BYTE, TimAck::getTimType, TimAck::setTimType)
            .optional(3, "error", TimError.TYPE, TimAck::getError, TimAck::setError)
            .optional(4, "t", WireType.I64, TimAck::getT, TimAck::setT)
            .optional(5, "n", WireType.STRING, TimAck::getN, TimAck::setN)
            .optional(6, "t2", WireType.I64, TimAck::getT2, TimAck::setT2)
            .optional(7, "n2", WireType.STRING, TimAck::getN2, TimAck::setN2)
            .build();

    private Boolean ok;
    private Byte timType;
    private TimError error;
    private Long t;
    private String n;
    private Long t2;
    private String n2;

    public Boolean getOk() {
        return ok;
    }

    public TimAck setOk(Boolean ok) {
        this.ok = ok;
        return this;
    }

    public Byte getTimType() {
        return timType;
    }

    public TimAck setTimType(Byte timType) {
        this.timType = timType;
        return this;
    }

    public TimError getError() {
        return error;
    }

    public TimAck setError(TimError error) {
        this.error = error;
        return this;
    }

    public Long getT() {
        return t;
    }

    public TimAck setT(Long t) {
        this.t = t;
        return this;
    }

    public String getN() {
        return n;
    }

    public TimAck setN(String n) {
        this.n = n;
        return this;
    }

    public Long getT2() {
        return t2;
    }

    public TimAck setT2(Long t2) {
        this.t2 = t2;
        return this;
    }

    public String getN2() {
        return n2;
    }

    public TimAck setN2(String n2) {
        this.n2 = n2;
        return this;
    }

    @Override
    StructSchema<TimAck> schema() {
        return SCHEMA;
    }
}
