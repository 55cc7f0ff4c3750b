package org.parley.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.parley.protocol.FrameType;
import org.parley.protocol.TimAck;
import org.parley.protocol.TimMessage;
import org.parley.protocol.TimNodes;
import org.parley.protocol.TimReq;
import org.parley.protocol.TimStruct;

/** Open rooms for the benchmarks' {@link TimSession}s: create one, have members join, list its members (§7.11). */
final class Rooms {

    private Rooms() {
    }

    /** NEWROOM (BUSINESS rtype 8, reqInt 2: open) by {@code founder}, its first member; returns the room's node. */
    static String create(TimSession founder, String topic) throws Exception {
        TimStruct<?> answer = founder.request(FrameType.BUSINESS, new TimReq().setRtype(8).setNode(topic).setReqInt(2L),
                st -> st instanceof TimAck a && a.getTimType() == FrameType.BUSINESS && a.getT() != null
                        && a.getT() == 8).get(30, TimeUnit.SECONDS);
        TimAck ack = (TimAck) answer;
        if (!Boolean.TRUE.equals(ack.getOk())) {
            throw new IllegalStateException("room not created: " + ack);
        }
        return ack.getN();
    }

    /**
     * Every session joins {@code room} (ADDROOM, rtype 9), at most {@code concurrency} at a time, each waiting for its
     * "joined" notice (bnType 10) or an answer of the node.
     */
    static void join(List<TimSession> joiners, String room, int concurrency) throws InterruptedException {
        Logins.bounded(joiners.size(), concurrency, "join", i -> joiners.get(i).request(
                FrameType.BUSINESS, new TimReq().setRtype(9).setNode(room).setReqStr(""),
                st -> (st instanceof TimMessage m && m.getBnType() != null && m.getBnType() == 10
                        && m.getRoomTid() != null && room.equals(m.getRoomTid().getNode()))
                        || (st instanceof TimAck a && a.getTimType() == FrameType.BUSINESS && a.getT() != null
                        && a.getT() == 9)));
    }

    /** How many members the room lists (ROOMUSERS, rtype 3), asked by {@code member}. */
    static int members(TimSession member, String room) throws Exception {
        TimStruct<?> list = member.request(FrameType.BUSINESS, new TimReq().setRtype(3).setNode(room),
                st -> st instanceof TimNodes n && n.getNtype() == 3 && room.equals(n.getNode()))
                .get(60, TimeUnit.SECONDS);
        List<String> members = ((TimNodes) list).getNodelist();
        return members == null ? 0 : members.size();
    }
}
