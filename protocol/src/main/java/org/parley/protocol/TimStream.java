package org.parley.protocol;

/**
 * A push into a virtual room (§5.14). The IDL name of the room field is {@code VNode}.
 */
public final class TimStream extends TimStruct<TimStream> {

    /** The IDL layout (§1.8); the names are also the JSON keys. */
    static final StructSchema<TimStream> SCHEMA = StructSchema.builder(TimStream.class, TimStream::new)
            .required(1, "id", WireType.I64, TimStream::getId, TimStream::setId)
            .required(2, "VNode", WireType.STRING, TimStream::getVNode, TimStream::setVNode)
            .optional(3, "dtype", WireType.BYTE, TimStream::getDtype, TimStream::setDtype)
            .optional(4, "body", WireType.BINARY, TimStream::getBody, TimStream::setBody)
            .required(5, "fromNode", WireType.STRING, TimStream::getFromNode, TimStream::setFromNode)
            .build();

    private Long id;
    private String vNode;
    private Byte dtype;
    private byte[] body;
    private String fromNode;

    public Long getId() {
        return id;
    }

    public TimStream setId(Long id) {
        this.id = id;
        return this;
    }

    public String getVNode() {
        return vNode;
    }

    public TimStream setVNode(String vNode) {
        this.vNode = vNode;
        return this;
    }

    public Byte getDtype() {
        return dtype;
    }

    public TimStream setDtype(Byte dtype) {
        this.dtype = dtype;
        return this;
    }

    public byte[] getBody() {
        return body;
    }

    public TimStream setBody(byte[] body) {
        this.body = body;
        return this;
    }

    public String getFromNode() {
        return fromNode;
    }

    public TimStream setFromNode(String fromNode) {
        this.fromNode = fromNode;
        return this;
    }

    @Override
    StructSchema<TimStream> schema() {
        return SCHEMA;
    }
}
