package org.parley.protocol;

import java.util.Map;

/**
 * The address of a user, room or virtual room: its node, plus the session details (domain,
 * resource, terminal type, extensions) where a full session Tid is meant (§5 "Tid(X)").
 */
public final class Tid extends TimStruct<Tid> {

    /** The IDL layout (§1.8); the names are also the JSON keys. */
    static final StructSchema<Tid> SCHEMA = StructSchema.builder(Tid.class, Tid::new)
            .required(1, "node", WireType.STRING, Tid::getNode, Tid::setNode)
            .optional(2, "domain", WireType.STRING, Tid::getDomain, Tid::setDomain)
            .optional(3, "resource", WireType.STRING, Tid::getResource, Tid::setResource)
            .optional(4, "termtyp", WireType.BYTE, Tid::getTermtyp, Tid::setTermtyp)
            .optional(5, "extend", WireType.STRING_MAP, Tid::getExtend, Tid::setExtend)
            .build();
    static final WireType<Tid> TYPE = WireType.struct(SCHEMA);

    private String node;
    private String domain;
    private String resource;
    private Byte termtyp;
    private Map<String, String> extend;

    public Tid() {
    }

    public Tid(String node) {
        this.node = node;
    }

    public String getNode() {
        return node;
    }

    public Tid setNode(String node) {
        this.node = node;
        return this;
    }

    public String getDomain() {
        return domain;
    }

    public Tid setDomain(String domain) {
        this.domain = domain;
        return this;
    }

    public String getResource() {
        return resource;
    }

    public Tid setResource(String resource) {
        this.resource = resource;
        return this;
    }

    public Byte getTermtyp() {
        return termtyp;
    }

    public Tid setTermtyp(Byte termtyp) {
        this.termtyp = termtyp;
        return this;
    }

    public Map<String, String> getExtend() {
        return extend;
    }

    public Tid setExtend(Map<String, String> extend) {
        this.extend = extend;
        return this;
    }

    @Override
    StructSchema<Tid> schema() {
        return SCHEMA;
    }
}
