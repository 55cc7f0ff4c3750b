package org.parley.protocol;

/**
 * The error codes tim puts in {@link TimError}, with their fixed English texts (§5.17). The texts,
 * spelling mistakes included, are what v2 sends, so they must not be "corrected".
 */
public enum ErrorCode {

    HAS_EXIST(4101, "has exist"),
    NO_PASS(4102, "no pass"),
    EXPIRE_OPERATE(4103, "expire operate"),
    PARAMETER_INCORRECT(4104, "parameter incorrect"),
    PERMISSION_DENIED(4105, "permission denied"),
    ACCOUNT_INCORRECT(4106, "account incorrect"),
    INTERFACE_INCORRECT(4107, "interface incorrect"),
    CANCELLED_OBJECT(4108, "must not be a cancle object"),
    NOT_EXIST_OBJECT(4109, "must not be a no exist object"),
    BLOCKED_OBJECT(4110, "blocked object"),
    OVER_ENTRY(4111, "over entry"),
    MODIFY_PASSWORD_FAILED(4112, "modify password failed"),
    FORMAT_ERROR(4113, "format error"),
    BIG_DATA_ERROR(4114, "big data error"),
    ERROR_TOKEN(4115, "error token"),
    ERROR_PING_COUNT(4116, "error ping count"),
    REPETITIVE_OPERATION(4117, "error repetitive operation"),
    UNDEFINED(5101, "undefined error"),
    BLOCKING_OPERATION(5102, "blocking operation"),
    DATABASE_ERROR(5103, "database error"),
    HEAVY_LOAD(5104, "heavy server load"),
    FREQ_OUT_OF_LIMIT(5105, "freq out of limit");

    private static final ErrorCode[] ALL = values();

    private final int code;
    private final String info;

    ErrorCode(int code, String info) {
        this.code = code;
        this.info = info;
    }

    public int code() {
        return code;
    }

    public String info() {
        return info;
    }

    /** A fresh {@link TimError} carrying this code and text. */
    public TimError toTimError() {
        return new TimError(code, info);
    }

    /** The constant with this code, or {@code null} if tim defines none (e.g. the internal 1101–1103). */
    public static ErrorCode of(int code) {
        for (ErrorCode c : ALL) {
            if (c.code == code) {
                return c;
            }
        }
        return null;
    }
}
