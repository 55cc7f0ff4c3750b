package org.parley.protocol;

import java.util.Map;

/**
 * A login (§5.4): name and password, or a token obtained over {@code /tim2}.
 */
public final class TimAuth extends TimStruct<TimAuth> {

    /** The IDL layout (§1.8); the names are also the JSON keys. */
    static final StructSchema<TimAuth> SCHEMA = StructSchema.builder(TimAuth.class, TimAuth::new)
            .optional(1, "name", WireType.STRING, TimAuth::getName, TimAuth::setName)
            .optional(2, "pwd", WireType.STRING, TimAuth::getPwd, TimAuth::setPwd)
            .optional(3, "domain", WireType.STRING, TimAuth::getDomain, TimAuth::setDomain)
            .optional(4, "resource", WireType.STRING, TimAuth::getResource, TimAuth::setResource)
            .optional(5, "termtyp", WireType.BYTE, TimAuth::getTermtyp, TimAuth::setTermtyp)
            .optional(6, "token", WireType.STRING, TimAuth::getToken, TimAuth::setToken)
            .optional(7, "extend", WireType.STRING_MAP, TimAuth::getExtend, TimAuth::setExtend)
            .build();

    private String name;
    private String pwd;
    private String domain;
    private String resource;
    private Byte termtyp;
    private String token;
    private Map<String, String> extend;

    public String getName() {
        return name;
    }

    public TimAuth setName(String name) {
        this.name = name;
        return this;
    }

    public String getPwd() {
        return pwd;
    }

    public TimAuth setPwd(String pwd) {
        this.pwd = pwd;
        return this;
    }

    public String getDomain() {
        return domain;
    }

    public TimAuth setDomain(String domain) {
        this.domain = domain;
        return this;
    }

    public String getResource() {
        return resource;
    }

    public TimAuth setResource(String resource) {
        this.resource = resource;
        return this;
    }

    public Byte getTermtyp() {
        return termtyp;
    }

    public TimAuth setTermtyp(Byte termtyp) {
        this.termtyp = termtyp;
        return this;
    }

    public String getToken() {
        return token;
    }

    public TimAuth setToken(String token) {
        this.token = token;
        return this;
    }

    public Map<String, String> getExtend() {
        return extend;
    }

    public TimAuth setExtend(Map<String, String> extend) {
        this.extend = extend;
        return this;
    }

    @Override
    StructSchema<TimAuth> schema() {
        return SCHEMA;
    }
}
