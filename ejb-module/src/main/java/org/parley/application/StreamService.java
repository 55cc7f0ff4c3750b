package org.parley.application;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.concurrent.ThreadLocalRandom;
import org.parley.domain.NodeFormat;
import org.parley.protocol.ErrorCode;
import org.parley.protocol.FrameType;
import org.parley.protocol.Tid;
import org.parley.protocol.TimAck;
import org.parley.protocol.TimReq;
import org.parley.protocol.TimStream;

/**
 * Virtual rooms and live streams (VROOM 22, STREAM 94, BIGBINARYSTREAM 97; wire spec §5.9, §5.14, §5.15): a founder
 * pushes, the sockets that subscribed receive, wherever in the cluster they are. Nothing is stored or queued.
 *
 * <p>Who may do what: any logged-in user may create a vroom and subscribe to an existing one (tim has no vroom
 * permissions; its ADDAUTH/DELAUTH are not implemented); only the founder may push into it or remove it.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class StreamService {

    static final int NEW = 1;
    static final int REMOVE = 2;
    static final int ADD_AUTH = 3;
    static final int DEL_AUTH = 4;
    static final int SUB = 5;
    static final int UNSUB = 6;

    /** {@code reqInt} of a SUB asking for raw frames ({@code [0x61] vnode 0x83 body}) instead of TimStream structs. */
    static final long RAW_MODE = 1;

    @Inject
    VroomDirectory vrooms;

    @Inject
    Delivery delivery;

    /**
     * One VROOM request from socket {@code connection} of user {@code me}.
     *
     * @return the answer to send to that socket
     */
    public TimAck vroom(Tid me, long connection, TimReq req) {
        if (req.getRtype() == null) {
            throw new TimFailure(ErrorCode.PARAMETER_INCORRECT);
        }
        int rtype = req.getRtype();
        switch (rtype) {
            case NEW -> {
                String vnode = NodeFormat.random();
                vrooms.create(vnode, me.getNode());
                return ok(NEW, vnode);
            }
            case REMOVE -> {
                String vnode = validNode(req.getNode());
                var founder = vrooms.founder(vnode);
                if (founder.isPresent() && !founder.get().equals(me.getNode())) {
                    throw new TimFailure(ErrorCode.PERMISSION_DENIED, (long) REMOVE, vnode, null);
                }
                vrooms.remove(vnode); // subscribers are not told, as in tim
                return ok(REMOVE, vnode);
            }
            case ADD_AUTH, DEL_AUTH -> {
                validNode(req.getNode());
                String user = validNode(req.getNode2());
                // Not implemented in tim either; unlike tim the refusal carries an error (§6.2 item 9).
                throw new TimFailure(ErrorCode.PERMISSION_DENIED, (long) rtype, user, null);
            }
            case SUB -> {
                String vnode = validNode(req.getNode());
                boolean raw;
                if (req.getReqInt() == null) {
                    raw = false;
                } else if (req.getReqInt() == RAW_MODE) {
                    raw = true;
                } else {
                    throw new TimFailure(ErrorCode.UNDEFINED);
                }
                if (vrooms.founder(vnode).isEmpty()) {
                    throw new TimFailure(ErrorCode.NOT_EXIST_OBJECT, (long) SUB, vnode, null);
                }
                vrooms.subscribe(vnode, connection, raw);
                return ok(SUB, vnode);
            }
            case UNSUB -> {
                String vnode = validNode(req.getNode());
                vrooms.unsubscribe(vnode, connection);
                return ok(UNSUB, vnode);
            }
            default -> throw new TimFailure(ErrorCode.PARAMETER_INCORRECT);
        }
    }

    /** STREAM (94) from {@code me}: fanned out to the vroom's subscribers, each in its mode. */
    public void stream(Tid me, TimStream request) {
        push(me, request.getVNode(), request.getBody(), request.getDtype());
    }

    /** BIGBINARYSTREAM (97): the same as a stream push whose body is the payload (§5.15). */
    public void bigStream(Tid me, String vnode, byte[] payload) {
        push(me, vnode, payload, null);
    }

    /** A socket closed: it leaves every vroom it subscribed to. */
    public void socketClosed(long connection) {
        vrooms.socketClosed(connection);
    }

    private void push(Tid me, String vnode, byte[] body, Byte dtype) {
        if (!NodeFormat.isValid(vnode)) {
            throw new TimFailure(ErrorCode.PARAMETER_INCORRECT);
        }
        // Unknown (or expired) vroom and foreign vroom look alike to the pusher, as in tim.
        if (!vrooms.founder(vnode).map(me.getNode()::equals).orElse(false)) {
            throw new TimFailure(ErrorCode.PERMISSION_DENIED, null, vnode, null);
        }
        TimStream stream = new TimStream()
                .setId(ThreadLocalRandom.current().nextLong())
                .setVNode(vnode)
                .setFromNode(me.getNode())
                .setBody(body)
                .setDtype(dtype);
        delivery.stream(vnode, stream);
        vrooms.renew(vnode);
    }

    private static String validNode(String node) {
        if (!NodeFormat.isValid(node)) {
            throw new TimFailure(ErrorCode.PARAMETER_INCORRECT);
        }
        return node;
    }

    private static TimAck ok(int rtype, String vnode) {
        return new TimAck().setOk(true).setTimType((byte) FrameType.VROOM).setT((long) rtype).setN(vnode);
    }
}
