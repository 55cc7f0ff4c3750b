package org.parley.protocol;

/**
 * The error of a failed {@link TimAck}; the codes and their texts are listed in {@link ErrorCode}.
 */
public final class TimError extends TimStruct<TimError> {

    /** The IDL layout (§1.8); the names are also the JSON keys. */
    static final StructSchema<TimError> SCHEMA = StructSchema.builder(TimError.class, TimError::new)
            .optional(1, "code", WireType.I32, TimError::getCode, TimError::setCode)
            .optional(2, "info", WireType.STRING, TimError::getInfo, TimError::setInfo)
            .build();
    static final WireType<TimError> TYPE = WireType.struct(SCHEMA);

    private Integer code;
    private String info;

    public TimError() {
    }

    public TimError(int code, String info) {
        this.code = code;
        this.info = info;
    }

    public Integer getCode() {
        return code;
    }

    public TimError setCode(Integer code) {
        this.code = code;
        return this;
    }

    public String getInfo() {
        return info;
    }

    public TimError setInfo(String info) {
        this.info = info;
        return this;
    }

    @Override
    StructSchema<TimError> schema() {
        return SCHEMA;
    }
}
