package org.parley.protocol;

import java.util.List;
import java.util.Map;

/**
 * Profile queries and updates, frame type 42 (§5.11): a node list, user or room profile maps.
 */
public final class TimNodes extends TimStruct<TimNodes> {

    /** The IDL layout (§1.8); the names are also the JSON keys. */
    static final StructSchema<TimNodes> SCHEMA = StructSchema.builder(TimNodes.class, TimNodes::new)
            .required(1, "ntype", WireType.I32, TimNodes::getNtype, TimNodes::setNtype)
            .optional(2, "nodelist", WireType.STRING_LIST, TimNodes::getNodelist, TimNodes::setNodelist)
            .optional(3, "usermap", WireType.map(TimUserBean.TYPE), TimNodes::getUsermap, TimNodes::setUsermap)
            .optional(4, "roommap", WireType.map(TimRoomBean.TYPE), TimNodes::getRoommap, TimNodes::setRoommap)
            .optional(5, "node", WireType.STRING, TimNodes::getNode, TimNodes::setNode)
            .build();

    private Integer ntype;
    private List<String> nodelist;
    private Map<String, TimUserBean> usermap;
    private Map<String, TimRoomBean> roommap;
    private String node;

    public Integer getNtype() {
        return ntype;
    }

    public TimNodes setNtype(Integer ntype) {
        this.ntype = ntype;
        return this;
    }

    public List<String> getNodelist() {
        return nodelist;
    }

    public TimNodes setNodelist(List<String> nodelist) {
        this.nodelist = nodelist;
        return this;
    }

    public Map<String, TimUserBean> getUsermap() {
        return usermap;
    }

    public TimNodes setUsermap(Map<String, TimUserBean> usermap) {
        this.usermap = usermap;
        return this;
    }

    public Map<String, TimRoomBean> getRoommap() {
        return roommap;
    }

    public TimNodes setRoommap(Map<String, TimRoomBean> roommap) {
        this.roommap = roommap;
        return this;
    }

    public String getNode() {
        return node;
    }

    public TimNodes setNode(String node) {
        this.node = node;
        return this;
    }

    @Override
    StructSchema<TimNodes> schema() {
        return SCHEMA;
    }
}
