package org.parley.interfaces.websocket;

import jakarta.ejb.EJBException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.parley.application.AccountService;
import org.parley.application.BigDataService;
import org.parley.application.Delivery;
import org.parley.application.HistoryService;
import org.parley.application.MessagingService;
import org.parley.application.OfflineService;
import org.parley.application.RoomService;
import org.parley.application.PresenceService;
import org.parley.application.ProfileService;
import org.parley.application.RosterService;
import org.parley.application.SessionService;
import org.parley.application.StreamService;
import org.parley.application.TimFailure;
import org.parley.protocol.BigData;
import org.parley.protocol.BigDataException;
import org.parley.protocol.ClientFrame;
import org.parley.protocol.ErrorCode;
import org.parley.protocol.FrameType;
import org.parley.protocol.ProtocolException;
import org.parley.protocol.Tid;
import org.parley.protocol.TimAck;
import org.parley.protocol.TimAuth;
import org.parley.protocol.TimMessage;
import org.parley.protocol.TimNodes;
import org.parley.protocol.TimPresence;
import org.parley.protocol.TimReq;
import org.parley.protocol.TimStream;
import org.parley.protocol.TimStruct;
import org.parley.protocol.WireCodec;

/**
 * What happens to each frame type: the one table of Parley's socket protocol. Each case decodes the body and
 * calls one application service; failures come back as tim's error ack to this socket only.
 */
@ApplicationScoped
public class FrameDispatcher {

    static final String AUTH_DEADLINE_PASSED = "not authenticated in time";

    private static final Logger LOG = Logger.getLogger(FrameDispatcher.class.getName());

    /** ntype of the TimNodes that answer ROSTER and BLOCKROSTERLIST (§5.10). */
    private static final int NODES_ROSTER = 1;
    private static final int NODES_BLOCKED = 8;

    /** Opaque server tag in the login ack ({@code t}); clients do not read it. */
    private static final long SERVER_TAG = new SecureRandom().nextInt();

    @Inject
    AccountService accounts;

    @Inject
    MessagingService messaging;

    @Inject
    OfflineService offline;

    @Inject
    HistoryService history;

    @Inject
    SessionService sessions;

    @Inject
    RoomService rooms;

    @Inject
    RosterService rosters;

    @Inject
    ProfileService profiles;

    @Inject
    StreamService streams;

    @Inject
    PresenceService presence;

    @Inject
    BigDataService bigDataService;

    @Inject
    Delivery delivery;

    private final AtomicLong requestsRefused = new AtomicLong();

    /** Requests refused with 5104 because their socket was over its rate, since this node started. */
    public long requestsRefused() {
        return requestsRefused.get();
    }

    void dispatch(Connection c, byte[] data) {
        ClientFrame frame;
        try {
            frame = ClientFrame.parse(data);
        } catch (ProtocolException e) {
            c.close(CloseReason.CloseCodes.PROTOCOL_ERROR, "empty frame");
            return;
        }
        if (!c.isAuthenticated()) {
            dispatchUnauthenticated(c, frame);
            return;
        }
        // Acks answer the server's own pushes and pings keep the socket: neither is a request (tim's request_rate).
        if (frame.type() != FrameType.ACK && frame.type() != FrameType.PING && !admitted(c, frame.type())) {
            return;
        }
        try {
            switch (frame.type()) {
                case FrameType.ACK -> delivery.acknowledged(c, syncIdOf(frame));
                case FrameType.PING -> c.sendEmpty(FrameType.PING);
                case FrameType.AUTH -> c.send(FrameType.ACK, ack(FrameType.AUTH)); // already logged in
                case FrameType.OFFLINEMSG -> flushOffline(c);
                case FrameType.PULLMESSAGE -> history.pull(c.tid().getNode(), decode(frame, TimReq.class, ErrorCode.PARAMETER_INCORRECT))
                        .ifPresent(page -> c.send(FrameType.PULLMESSAGE, page));
                // tim routes 90, 92 and 93 alike: the message's odType says what it is.
                case FrameType.MESSAGE, FrameType.REVOKEMESSAGE, FrameType.BURNMESSAGE ->
                        messaging.send(c.tid(), decode(frame, TimMessage.class, ErrorCode.FORMAT_ERROR));
                case FrameType.BUSINESS -> business(c, decode(frame, TimReq.class, ErrorCode.PARAMETER_INCORRECT));
                case FrameType.NODES -> nodes(c, decode(frame, TimNodes.class, ErrorCode.PARAMETER_INCORRECT));
                case FrameType.PRESENCE -> presence.presence(c.tid(), decode(frame, TimPresence.class, ErrorCode.FORMAT_ERROR));
                case FrameType.BROADPRESENCE -> presence.broadcast(c.tid(), decode(frame, TimPresence.class, ErrorCode.FORMAT_ERROR));
                case FrameType.VROOM -> c.send(FrameType.ACK,
                        streams.vroom(c.tid(), c.id(), decode(frame, TimReq.class, ErrorCode.PARAMETER_INCORRECT)));
                case FrameType.STREAM -> streams.stream(c.tid(), decode(frame, TimStream.class, ErrorCode.FORMAT_ERROR));
                default -> throw new TimFailure(ErrorCode.PARAMETER_INCORRECT);
            }
        } catch (TimFailure e) {
            c.send(FrameType.ACK, error(frame.type(), e.code()).setT(e.t()).setN(e.n()).setN2(e.n2()));
        } catch (EJBException e) {
            LOG.log(Level.WARNING, "frame " + frame.type() + " failed", e);
            c.send(FrameType.ACK, error(frame.type(), ErrorCode.DATABASE_ERROR));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "frame " + frame.type() + " failed", e);
            c.send(FrameType.ACK, error(frame.type(), ErrorCode.UNDEFINED));
        }
    }

    /**
     * A complete big-data frame (95/96 to a user, 97 into a vroom), reassembled by the endpoint. Refusals of 97 carry
     * timType 94, as a stream push's do (§5.15).
     */
    void bigData(Connection c, BigData frame) {
        int timType = frame.type() == FrameType.BIGBINARYSTREAM ? FrameType.STREAM : frame.type();
        if (!admitted(c, timType)) {
            return;
        }
        try {
            if (frame.type() == FrameType.BIGBINARYSTREAM) {
                streams.bigStream(c.tid(), frame.node(), frame.payload());
            } else {
                bigDataService.toUser(c.tid(), frame);
            }
        } catch (TimFailure e) {
            c.send(FrameType.ACK, error(timType, e.code()).setT(e.t()).setN(e.n()).setN2(e.n2()));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "big data frame " + frame.type() + " failed", e);
            c.send(FrameType.ACK, error(timType, ErrorCode.UNDEFINED));
        }
    }

    /**
     * Counts a request against the socket's rate: over it, the request is refused with 5104 (tim's "heavy server
     * load"), and a socket that goes on for another second's worth is closed.
     */
    private boolean admitted(Connection c, int timType) {
        if (c.admitRequest()) {
            return true;
        }
        requestsRefused.incrementAndGet();
        if (c.flooding()) {
            LOG.fine(() -> "socket " + c.id() + " goes on past its request rate; closing it");
            c.close(CloseReason.CloseCodes.VIOLATED_POLICY, "request rate exceeded");
        } else {
            c.send(FrameType.ACK, error(timType, ErrorCode.HEAVY_LOAD));
        }
        return false;
    }

    /** A malformed or oversized big-data frame: tim's answer is 4114 with timType 96, whatever the type. */
    void bigDataRefused(Connection c, BigDataException e) {
        LOG.fine(() -> "big data refused on socket " + c.id() + ": " + e.getMessage());
        c.send(FrameType.ACK, error(FrameType.BIGBINARY, ErrorCode.BIG_DATA_ERROR));
    }

    /** BUSINESS (41): roster and room operations, by {@code rtype} (wire spec §5.10). */
    private void business(Connection c, TimReq req) {
        int rtype = req.getRtype() == null ? 0 : req.getRtype();
        Tid me = c.tid();
        switch (rtype) {
            // rooms
            case RoomService.ROOMLIST -> rooms.myRooms(me).ifPresent(list -> c.send(FrameType.NODES, list));
            case RoomService.ROOMMEMBERS -> rooms.members(me, req).ifPresent(list -> c.send(FrameType.NODES, list));
            case RoomService.NEWROOM -> c.send(FrameType.ACK, rooms.create(me, req));
            case RoomService.ADDROOM -> rooms.join(me, req).ifPresent(ack -> c.send(FrameType.ACK, ack));
            case RoomService.NOPASSROOM -> c.send(FrameType.ACK, rooms.reject(me, req));
            case RoomService.PULLROOM -> c.send(FrameType.ACK, rooms.pull(me, req));
            case RoomService.KICKROOM -> c.send(FrameType.ACK, rooms.kick(me, req));
            case RoomService.BLOCKROOM -> c.send(FrameType.ACK, rooms.block(me, req));
            case RoomService.BLOCKROOMMEMBER -> c.send(FrameType.ACK, rooms.blockMember(me, req));
            case RoomService.LEAVEROOM -> c.send(FrameType.ACK, rooms.leave(me, req));
            case RoomService.CANCELROOM -> c.send(FrameType.ACK, rooms.cancel(me, req));
            case RoomService.BLOCKROOMLIST -> rooms.blockedRooms(me).ifPresent(list -> c.send(FrameType.NODES, list));
            case RoomService.BLOCKROOMMEMBERLIST -> rooms.blockedMembers(me, req).ifPresent(list -> c.send(FrameType.NODES, list));
            // rosters
            case RosterService.ROSTER -> sendList(c, NODES_ROSTER, rosters.friends(me.getNode()));
            case RosterService.ADD_ROSTER -> rosters.add(c.tid(), req.getNode(), req.getReqStr()); // no ack (tim)
            case RosterService.REMOVE_ROSTER -> {
                rosters.remove(c.tid(), req.getNode());
                c.send(FrameType.ACK, businessAck(rtype).setN(req.getNode()));
            }
            case RosterService.BLOCK_ROSTER -> {
                rosters.block(c.tid(), req.getNode());
                c.send(FrameType.ACK, businessAck(rtype).setN(req.getNode()));
            }
            case RosterService.BLOCK_ROSTER_LIST -> sendList(c, NODES_BLOCKED, rosters.blocked(me.getNode()));
            case AccountService.MODIFY_AUTH -> {
                accounts.changePassword(me.getNode(), req.getReqStr(), req.getReqStr2());
                c.send(FrameType.ACK, businessAck(rtype));
            }
            default -> throw new TimFailure(ErrorCode.PARAMETER_INCORRECT);
        }
    }

    /** NODES (42): profiles of users and rooms, by {@code ntype} (wire spec §5.11). */
    private void nodes(Connection c, TimNodes req) {
        int ntype = req.getNtype() == null ? 0 : req.getNtype();
        if (ntype == 0) {
            ntype = profiles.inferredType(req); // atim sends its required ntype as 0 (§6.2 item 6)
        }
        switch (ntype) {
            // users
            case ProfileService.USER_INFO -> profiles.userInfo(req).ifPresent(reply -> c.send(FrameType.NODES, reply));
            case ProfileService.MODIFY_USER -> {
                profiles.modify(c.tid().getNode(), req);
                c.send(FrameType.ACK, ack(FrameType.NODES).setT((long) ntype));
            }
            // rooms
            case RoomService.ROOM_INFO -> rooms.info(req.getNodelist()).ifPresent(info -> c.send(FrameType.NODES, info));
            case RoomService.MODIFY_ROOM -> c.send(FrameType.ACK, rooms.modify(c.tid(), req.getRoommap()));
            default -> throw new TimFailure(ErrorCode.PARAMETER_INCORRECT);
        }
    }

    /** A list answer of BUSINESS; tim sends nothing at all for an empty list, and webtim relies on that. */
    private static void sendList(Connection c, int ntype, List<String> nodes) {
        if (!nodes.isEmpty()) {
            c.send(FrameType.NODES, new TimNodes().setNtype(ntype).setNodelist(nodes));
        }
    }

    private static TimAck businessAck(int rtype) {
        return ack(FrameType.BUSINESS).setT((long) rtype);
    }

    /** Before login only AUTH and PING mean anything; anything else ends the socket, as in tim. */
    private void dispatchUnauthenticated(Connection c, ClientFrame frame) {
        switch (frame.type()) {
            case FrameType.AUTH -> login(c, frame);
            case FrameType.PING -> {
                // no reply before login
            }
            default -> c.close(CloseReason.CloseCodes.VIOLATED_POLICY, "not authenticated");
        }
    }

    private void login(Connection c, ClientFrame frame) {
        if (!c.beginLogin()) {
            return; // too late: the socket is being closed
        }
        try {
            TimAuth auth = decode(frame, TimAuth.class, ErrorCode.PARAMETER_INCORRECT);
            Tid tid = accounts.login(auth, c.remoteAddress());
            c.authenticated(tid, frame.json());
            try {
                sessions.connected(c);
            } catch (RuntimeException e) {
                c.authenticationRevoked();
                throw e;
            }
            c.send(FrameType.ACK, ack(FrameType.AUTH)
                    .setN(tid.getNode())
                    .setT(SERVER_TAG)
                    .setN2(Long.toString(c.id())));
        } catch (TimFailure e) {
            c.send(FrameType.ACK, error(FrameType.AUTH, e.code()), frame.json());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "login failed", e);
            c.send(FrameType.ACK, error(FrameType.AUTH, ErrorCode.DATABASE_ERROR), frame.json());
        } finally {
            if (c.endLogin()) {
                c.close(CloseReason.CloseCodes.VIOLATED_POLICY, AUTH_DEADLINE_PASSED);
            }
        }
    }

    /**
     * Sends queued messages in acknowledged batches, then the bare end marker. An unacknowledged batch stops the
     * flush; its entries stay queued for the next TIMOFFLINEMSG.
     */
    private void flushOffline(Connection c) {
        if (c.offlineFlushRunning.compareAndSet(false, true)) {
            nextOfflineBatch(c);
        }
    }

    private void nextOfflineBatch(Connection c) {
        try {
            var batch = offline.nextBatch(c.tid().getNode());
            if (batch.isEmpty()) {
                c.offlineFlushRunning.set(false);
                c.sendEmpty(FrameType.OFFLINEMSGEND);
                return;
            }
            delivery.pushToDevice(c, FrameType.OFFLINEMSG, batch.get().list()).thenAccept(acked -> {
                if (!acked) {
                    c.offlineFlushRunning.set(false);
                    return;
                }
                try {
                    offline.acknowledge(batch.get(), c.tid().getNode());
                } catch (RuntimeException e) {
                    // The batch stays queued and is handed out again on the next request; this one ends here.
                    c.offlineFlushRunning.set(false);
                    LOG.log(Level.WARNING, "acknowledged offline batch could not be removed", e);
                    c.send(FrameType.ACK, error(FrameType.OFFLINEMSG, ErrorCode.DATABASE_ERROR));
                    return;
                }
                nextOfflineBatch(c);
            });
        } catch (RuntimeException e) {
            c.offlineFlushRunning.set(false);
            LOG.log(Level.WARNING, "offline delivery failed", e);
            c.send(FrameType.ACK, error(FrameType.OFFLINEMSG, ErrorCode.DATABASE_ERROR));
        }
    }

    void disconnected(Connection c) {
        c.closed();
        if (c.isAuthenticated()) {
            sessions.disconnected(c);
        }
    }

    private static <T extends TimStruct<T>> T decode(ClientFrame frame, Class<T> type, ErrorCode jsonSyntaxError) {
        try {
            return WireCodec.of(frame.json()).decode(frame.data(), frame.bodyOffset(), frame.bodyLength(), type);
        } catch (ProtocolException e) {
            throw new TimFailure(frame.json() ? jsonSyntaxError : ErrorCode.PARAMETER_INCORRECT);
        }
    }

    /** A client's mistake, answered with 4104 and not logged: a stack trace per such frame would amplify it. */
    private static int syncIdOf(ClientFrame ack) {
        try {
            return ack.ackSyncId();
        } catch (ProtocolException e) {
            throw new TimFailure(ErrorCode.PARAMETER_INCORRECT);
        }
    }

    private static TimAck ack(int timType) {
        return new TimAck().setOk(true).setTimType((byte) timType);
    }

    static TimAck error(int timType, ErrorCode code) {
        return new TimAck().setOk(false).setTimType((byte) timType).setError(code.toTimError());
    }
}
