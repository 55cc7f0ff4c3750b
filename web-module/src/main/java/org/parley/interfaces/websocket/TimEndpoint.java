package org.parley.interfaces.websocket;

import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.parley.infrastructure.config.ParleyConfig;
import org.parley.infrastructure.delivery.DeliveryExecutors;
import org.parley.protocol.BigData;
import org.parley.protocol.BigDataAssembler;
import org.parley.protocol.BigDataException;
import org.parley.protocol.FrameType;

/**
 * {@code ws://host:port/tim}: one instance per socket. Frames are handled in arrival order on the socket's own
 * thread; everything they mean is decided by the {@link FrameDispatcher}.
 */
@ServerEndpoint(value = "/tim", configurator = OriginCheck.class)
public class TimEndpoint {

    private static final Logger LOG = Logger.getLogger(TimEndpoint.class.getName());

    @Inject
    FrameDispatcher dispatcher;

    @Inject
    ParleyConfig config;

    @Inject
    DeliveryExecutors executors;

    @Inject
    IdleSockets idle;

    @Inject
    SocketAdmission admission;

    private Connection connection;
    /** Big-data frames may span several WebSocket messages (§5.15); each socket collects its own. */
    private BigDataAssembler bigData;

    @OnOpen
    public void open(Session session) throws IOException {
        String address = RemoteAddress.of(session);
        if (!admission.admit(address)) {
            session.close(new CloseReason(CloseReason.CloseCodes.TRY_AGAIN_LATER, "too many connections"));
            return;
        }
        session.setMaxBinaryMessageBufferSize(config.maxFrameBytes());
        // Silence longer than tim's ping_timeout ends the socket (IdleSockets; the container's own idle timeout is
        // off, see SocketIdleTimeout). Unauthenticated sockets are ended by the auth deadline below.
        connection = new Connection(Connection.Socket.of(session, address), executors.fanout(), new Connection.Limits(
                config.sendQueueLimit(), config.sendQueueBytes(), config.streamDropThreshold(),
                admission.trusted(address) ? 0 : config.requestsPerSecond()));
        bigData = new BigDataAssembler(config.bigDataMaxBytes());
        connection.heard(idle.now());
        idle.opened(connection);
        executors.timer().schedule(() -> {
            if (connection.authDeadlinePassed()) {
                connection.close(CloseReason.CloseCodes.VIOLATED_POLICY, FrameDispatcher.AUTH_DEADLINE_PASSED);
            }
        }, config.authDeadline().toMillis(), TimeUnit.MILLISECONDS);
    }

    @OnMessage
    public void message(Session session, byte[] frame) {
        if (connection == null) {
            return; // refused at open, closing
        }
        connection.heard(idle.now());
        if (frame.length > config.maxFrameBytes()) {
            // Checked here too: containers differ in whether they enforce the session's buffer size.
            connection.close(CloseReason.CloseCodes.TOO_BIG, "frame over " + config.maxFrameBytes() + " bytes");
            return;
        }
        if (connection.isAuthenticated() && (bigData.continues(frame)
                || (frame.length > 0 && BigData.isBigData(frame[0] & FrameType.TYPE_MASK)))) {
            BigData complete;
            try {
                complete = bigData.accept(frame);
            } catch (BigDataException e) {
                dispatcher.bigDataRefused(connection, e);
                return;
            }
            if (complete != null) {
                dispatcher.bigData(connection, complete);
            }
            return;
        }
        dispatcher.dispatch(connection, frame);
    }

    @OnClose
    public void close(Session session, CloseReason reason) {
        if (connection == null) {
            return; // refused at open: never counted
        }
        admission.release(connection.remoteAddress());
        if (reason.getCloseCode() != CloseReason.CloseCodes.NORMAL_CLOSURE
                && reason.getCloseCode() != CloseReason.CloseCodes.GOING_AWAY) {
            // Kept visible: an unexpected close of a logged-in socket is how a lost client shows up in the log.
            LOG.info(() -> "socket " + connection.id() + (connection.isAuthenticated() ? " of " + connection.tid().getNode() : "")
                    + " closed: " + reason.getCloseCode().getCode() + " " + reason.getReasonPhrase());
        }
        idle.closed(connection);
        bigData.discard();
        dispatcher.disconnected(connection);
    }

    @OnError
    public void error(Session session, Throwable error) {
        LOG.log(Level.FINE, "socket error", error);
    }
}
