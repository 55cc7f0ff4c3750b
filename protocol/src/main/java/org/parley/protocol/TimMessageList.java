package org.parley.protocol;

import java.util.List;

/**
 * A batch of messages: an offline delivery (§5.5) or a history pull result (§5.8).
 */
public final class TimMessageList extends TimStruct<TimMessageList> {

    /** The IDL layout (§1.8); the names are also the JSON keys. */
    static final StructSchema<TimMessageList> SCHEMA = StructSchema.builder(TimMessageList.class, TimMessageList::new)
            .optional(1, "id", WireType.I64, TimMessageList::getId, TimMessageList::setId)
            .optional(2, "messageList", WireType.list(TimMessage.TYPE),
                    TimMessageList::getMessageList, TimMessageList::setMessageList)
            .build();

    private Long id;
    private List<TimMessage> messageList;

    public Long getId() {
        return id;
    }

    public TimMessageList setId(Long id) {
        this.id = id;
        return this;
    }

    public List<TimMessage> getMessageList() {
        return messageList;
    }

    public TimMessageList setMessageList(List<TimMessage> messageList) {
        this.messageList = messageList;
        return this;
    }

    @Override
    StructSchema<TimMessageList> schema() {
        return SCHEMA;
    }
}
