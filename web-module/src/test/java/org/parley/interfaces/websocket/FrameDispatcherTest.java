package org.parley.interfaces.websocket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ejb.EJBException;
import jakarta.websocket.CloseReason;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.parley.application.AccountService;
import org.parley.application.Delivery;
import org.parley.application.DeviceConnection;
import org.parley.application.MessagingService;
import org.parley.application.OfflineService;
import org.parley.application.RoomService;
import org.parley.application.SessionService;
import org.parley.application.TimFailure;
import org.parley.domain.ChatId;
import org.parley.domain.DeviceRecord;
import org.parley.domain.OfflineRef;
import org.parley.protocol.ClientFrame;
import org.parley.protocol.ErrorCode;
import org.parley.protocol.FrameType;
import org.parley.protocol.ServerFrame;
import org.parley.protocol.Tid;
import org.parley.protocol.TimAck;
import org.parley.protocol.TimAuth;
import org.parley.protocol.TimMessage;
import org.parley.protocol.TimMessageList;
import org.parley.protocol.TimPresence;
import org.parley.protocol.TimReq;
import org.parley.protocol.TimStream;
import org.parley.protocol.TimStruct;
import org.parley.protocol.WireCodec;

/**
 * The dispatcher's table (wire spec §5): which frame reaches which service, and what goes back to the socket, with
 * the services replaced by subclasses that record their calls and a fake socket behind a real {@link Connection}.
 */
class FrameDispatcherTest {

    /** A socket whose sends complete at once; it keeps what was written and how it was closed. */
    private static final class FakeSocket implements Connection.Socket {
        final List<byte[]> sent = new ArrayList<>();
        CloseReason closed;

        @Override
        public void send(ByteBuffer message, SendHandler done) {
            byte[] bytes = new byte[message.remaining()];
            message.get(bytes);
            sent.add(bytes);
            done.onResult(new SendResult());
        }

        @Override
        public void close(CloseReason reason) {
            closed = reason;
        }
    }

    /** The calls of the dispatcher on Delivery; pushes to a device are answered with {@link #answers}. */
    private static final class RecordingDelivery implements Delivery {
        record Ack(DeviceConnection device, int syncId) {
        }

        record DevicePush(DeviceConnection device, int frameType, TimStruct<?> struct) {
        }

        final List<Ack> acks = new ArrayList<>();
        final List<DevicePush> devicePushes = new ArrayList<>();
        /** How each push to a device ends; when empty, it is acknowledged at once. */
        final ArrayDeque<CompletableFuture<Boolean>> answers = new ArrayDeque<>();

        @Override
        public void acknowledged(DeviceConnection device, int syncId) {
            acks.add(new Ack(device, syncId));
        }

        @Override
        public CompletionStage<Boolean> pushToDevice(DeviceConnection device, int frameType, TimStruct<?> struct) {
            devicePushes.add(new DevicePush(device, frameType, struct));
            return answers.isEmpty() ? CompletableFuture.completedFuture(true) : answers.remove();
        }

        @Override
        public void attach(DeviceConnection device) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean detach(DeviceConnection device) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void send(String user, int frameType, TimStruct<?> struct) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void sendToUsers(Collection<String> users, int frameType, TimStruct<?> struct) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<Boolean> push(String user, int frameType, TimStruct<?> struct) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void pushQueued(String user, TimMessage message, OfflineRef queued) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void pushToRoom(String room, long mid, TimMessage message) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Map<String, Long> deliveredRoomMessages(String user) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void sendPresence(Collection<String> users, TimPresence presence) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void sendRaw(Collection<String> users, byte[] frame) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void stream(String vnode, TimStream stream) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void kick(String user, DeviceRecord device) {
            throw new UnsupportedOperationException();
        }
    }

    private static final class RecordingMessaging extends MessagingService {
        record Call(Tid sender, TimMessage message) {
        }

        final List<Call> calls = new ArrayList<>();
        RuntimeException failure;

        @Override
        public long send(Tid sender, TimMessage request) {
            calls.add(new Call(sender, request));
            if (failure != null) {
                throw failure;
            }
            return 0;
        }
    }

    private static final class RecordingRooms extends RoomService {
        final List<TimReq> kicks = new ArrayList<>();
        RuntimeException failure;

        @Override
        public TimAck kick(Tid me, TimReq req) {
            kicks.add(req);
            if (failure != null) {
                throw failure;
            }
            return new TimAck().setOk(true).setTimType((byte) FrameType.BUSINESS).setT((long) KICKROOM);
        }
    }

    /** Hands out the batches it was given, one per call, and records which were acknowledged. */
    private static final class QueuedOffline extends OfflineService {
        final ArrayDeque<Batch> waiting = new ArrayDeque<>();
        final List<Batch> acknowledged = new ArrayList<>();
        int nextBatchCalls;
        RuntimeException nextBatchFailure;
        RuntimeException acknowledgeFailure;

        @Override
        public Optional<Batch> nextBatch(String userNode) {
            nextBatchCalls++;
            if (nextBatchFailure != null) {
                throw nextBatchFailure;
            }
            return Optional.ofNullable(waiting.peek());
        }

        @Override
        public void acknowledge(Batch batch, String userNode) {
            if (acknowledgeFailure != null) {
                RuntimeException e = acknowledgeFailure;
                acknowledgeFailure = null;
                throw e;
            }
            acknowledged.add(batch);
            waiting.remove(batch);
        }
    }

    private static final class Accounts extends AccountService {
        @Override
        public Tid login(TimAuth auth, String address) {
            if (!"secret".equals(auth.getPwd())) {
                throw new TimFailure(ErrorCode.PERMISSION_DENIED);
            }
            return new Tid(auth.getName()).setDomain(auth.getDomain()).setResource(auth.getResource());
        }
    }

    private static final class Sessions extends SessionService {
        final List<DeviceConnection> connected = new ArrayList<>();

        @Override
        public void connected(DeviceConnection device) {
            connected.add(device);
        }
    }

    private static final Tid ANN = new Tid("ann").setDomain("parley.test").setResource("phone");

    private final RecordingDelivery delivery = new RecordingDelivery();
    private final RecordingMessaging messaging = new RecordingMessaging();
    private final RecordingRooms rooms = new RecordingRooms();
    private final QueuedOffline offline = new QueuedOffline();
    private final Sessions sessions = new Sessions();
    private final FrameDispatcher dispatcher = new FrameDispatcher();

    private final FakeSocket socket = new FakeSocket();
    private final Connection connection = new Connection(socket, Runnable::run, new Connection.Limits(100, 1 << 20, 50, 0));

    FrameDispatcherTest() {
        dispatcher.delivery = delivery;
        dispatcher.messaging = messaging;
        dispatcher.rooms = rooms;
        dispatcher.offline = offline;
        dispatcher.accounts = new Accounts();
        dispatcher.sessions = sessions;
    }

    private Connection loggedIn(boolean json) {
        connection.authenticated(ANN, json);
        return connection;
    }

    private static byte[] frame(int type, boolean json, TimStruct<?> body) {
        return ClientFrame.build(type, json, WireCodec.of(json).encode(body));
    }

    private static TimMessage hello() {
        return new TimMessage().setMsType((byte) 2).setOdType((byte) 1).setToTid(new Tid("bob"))
                .setDataString("hello").setId(7L).setExtend(Map.of("k", "v"));
    }

    private List<ServerFrame> written() {
        return socket.sent.stream().map(ServerFrame::parse).toList();
    }

    /** The only frame written to the socket, as an ack. */
    private TimAck onlyAck(boolean json) {
        List<ServerFrame> frames = written();
        assertEquals(1, frames.size(), "frames written");
        assertEquals(FrameType.ACK, frames.get(0).type());
        assertFalse(frames.get(0).ackRequired(), "error acks are plain");
        return frames.get(0).decodeBody(json, TimAck.class);
    }

    private static void assertErrorAck(TimAck ack, int timType, ErrorCode code) {
        assertEquals(new TimAck().setOk(false).setTimType((byte) timType).setError(code.toTimError()), ack);
    }

    private static OfflineService.Batch batch(long id) {
        return new OfflineService.Batch(
                new TimMessageList().setId(id).setMessageList(List.of(hello().setIsOffline(true).setMid(id))),
                List.of(new OfflineRef(ChatId.queueOf("ann"), id)), Map.of());
    }

    // before login

    @ParameterizedTest
    @ValueSource(ints = {FrameType.ACK, FrameType.OFFLINEMSG, FrameType.MESSAGE, FrameType.BUSINESS,
            FrameType.REGISTER, FrameType.TOKEN, FrameType.PULLMESSAGE, FrameType.PRESENCE, 99})
    void before_login_any_frame_but_auth_and_ping_closes_the_socket(int type) {
        byte[] frame = type == FrameType.ACK ? ClientFrame.ack(1, false) : frame(type, false, hello());

        dispatcher.dispatch(connection, frame);

        assertEquals(CloseReason.CloseCodes.VIOLATED_POLICY, socket.closed.getCloseCode());
        assertEquals(List.of(), socket.sent, "closed without a word");
        assertEquals(List.of(), messaging.calls);
        assertEquals(List.of(), delivery.acks);
        assertEquals(0, offline.nextBatchCalls);
        assertFalse(connection.isAuthenticated());
    }

    // request rate (tim's request_rate)

    @Test
    void requests_over_the_sockets_rate_get_5104_and_a_flood_closes_the_socket() {
        io.github.bucket4j.TimeMeter frozen = new io.github.bucket4j.TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return 0;
            }

            @Override
            public boolean isWallClockBased() {
                return false;
            }
        };
        Connection limited = new Connection(socket, Runnable::run, new Connection.Limits(100, 1 << 20, 50, 2), frozen);
        limited.authenticated(ANN, false);
        dispatcher.dispatch(limited, frame(FrameType.MESSAGE, false, hello()));
        dispatcher.dispatch(limited, frame(FrameType.MESSAGE, false, hello()));
        for (int i = 0; i < 5; i++) {
            dispatcher.dispatch(limited, ClientFrame.ack(i, false)); // acks and pings are not requests
            dispatcher.dispatch(limited, ClientFrame.build(FrameType.PING, false, null));
        }
        socket.sent.clear();
        dispatcher.dispatch(limited, frame(FrameType.MESSAGE, false, hello()));

        assertEquals(2, messaging.calls.size(), "the third message was not sent");
        assertErrorAck(onlyAck(false), FrameType.MESSAGE, ErrorCode.HEAVY_LOAD);
        assertNull(socket.closed);
        dispatcher.dispatch(limited, frame(FrameType.BUSINESS, false, new TimReq().setRtype(1)));
        dispatcher.dispatch(limited, frame(FrameType.MESSAGE, false, hello()));
        assertEquals(CloseReason.CloseCodes.VIOLATED_POLICY, socket.closed.getCloseCode(),
                "a second's worth of requests more after the refusals began");
        assertEquals(3, dispatcher.requestsRefused());
    }

    @Test
    void a_ping_before_login_gets_no_reply_and_the_socket_stays_open() {
        dispatcher.dispatch(connection, ClientFrame.build(FrameType.PING, false, null));
        dispatcher.dispatch(connection, ClientFrame.build(FrameType.PING, true, null));

        assertEquals(List.of(), socket.sent);
        assertNull(socket.closed);
    }

    @Test
    void an_auth_frame_logs_the_socket_in_and_is_acknowledged_with_the_users_node() {
        dispatcher.dispatch(connection, frame(FrameType.AUTH, false,
                new TimAuth().setName("ann").setPwd("secret").setDomain("parley.test")));

        assertTrue(connection.isAuthenticated());
        assertEquals("ann", connection.tid().getNode());
        assertEquals(List.of(connection), sessions.connected);
        TimAck ack = onlyAck(false);
        assertEquals(true, ack.getOk());
        assertEquals((byte) FrameType.AUTH, ack.getTimType());
        assertEquals("ann", ack.getN());
        assertEquals(Long.toString(connection.id()), ack.getN2());
    }

    @Test
    void a_deeply_nested_json_auth_is_refused_with_4104_and_leaves_no_warning_in_the_log() {
        byte[] body = ("{\"name\":" + "[".repeat(20_000) + "]".repeat(20_000) + "}").getBytes(StandardCharsets.UTF_8);

        List<LogRecord> warnings = warningsDuring(
                () -> dispatcher.dispatch(connection, ClientFrame.build(FrameType.AUTH, true, body)));

        assertFalse(connection.isAuthenticated());
        assertErrorAck(onlyAck(true), FrameType.AUTH, ErrorCode.PARAMETER_INCORRECT);
        assertEquals(List.of(), warnings, "a client's malformed frame is not a server warning");
    }

    @Test
    void a_json_login_makes_a_json_socket() {
        dispatcher.dispatch(connection, frame(FrameType.AUTH, true, new TimAuth().setName("ann").setPwd("secret")));

        assertTrue(connection.json());
        assertEquals(true, onlyAck(true).getOk());
    }

    @Test
    void a_refused_login_is_answered_and_the_socket_stays_unauthenticated() {
        dispatcher.dispatch(connection, frame(FrameType.AUTH, true, new TimAuth().setName("ann").setPwd("wrong")));

        assertFalse(connection.isAuthenticated());
        assertErrorAck(onlyAck(true), FrameType.AUTH, ErrorCode.PERMISSION_DENIED);
        assertNull(socket.closed);
        assertEquals(List.of(), sessions.connected);

        dispatcher.dispatch(connection, frame(FrameType.MESSAGE, false, hello()));
        assertEquals(CloseReason.CloseCodes.VIOLATED_POLICY, socket.closed.getCloseCode());
        assertEquals(List.of(), messaging.calls);
    }

    @Test
    void an_empty_message_is_a_protocol_error() {
        dispatcher.dispatch(loggedIn(false), new byte[0]);

        assertEquals(CloseReason.CloseCodes.PROTOCOL_ERROR, socket.closed.getCloseCode());
    }

    // logged in

    @Test
    void an_ack_frame_resolves_the_push_with_its_sync_id() {
        Connection c = loggedIn(false);

        dispatcher.dispatch(c, ClientFrame.ack(0x0A0B0C0D, false));
        dispatcher.dispatch(c, ClientFrame.ack(-2, true)); // 0x8C, as timjs sends it

        assertEquals(List.of(new RecordingDelivery.Ack(c, 0x0A0B0C0D), new RecordingDelivery.Ack(c, -2)),
                delivery.acks);
        assertEquals(List.of(), socket.sent, "an ack is not answered");
    }

    @Test
    void an_ack_frame_without_a_sync_id_gets_4104_and_leaves_no_warning_in_the_log() {
        Connection c = loggedIn(false);

        List<LogRecord> warnings = warningsDuring(
                () -> dispatcher.dispatch(c, ClientFrame.build(FrameType.ACK, false, new byte[] {1, 2})));

        assertErrorAck(onlyAck(false), FrameType.ACK, ErrorCode.PARAMETER_INCORRECT);
        assertEquals(List.of(), delivery.acks, "nothing is acknowledged");
        assertEquals(List.of(), warnings, "a client's malformed frame is not a server warning");
    }

    /** What the dispatcher logged at WARNING or above while {@code work} ran. */
    private static List<LogRecord> warningsDuring(Runnable work) {
        List<LogRecord> warnings = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(r);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger log = Logger.getLogger(FrameDispatcher.class.getName());
        log.addHandler(capture);
        try {
            work.run();
        } finally {
            log.removeHandler(capture);
        }
        return warnings;
    }

    @Test
    void a_ping_is_answered_with_a_bare_ping_even_in_json_mode() {
        dispatcher.dispatch(loggedIn(true), ClientFrame.build(FrameType.PING, true, null));

        assertEquals(1, socket.sent.size());
        assertArrayEquals(new byte[] {(byte) FrameType.PING}, socket.sent.get(0));
    }

    @Test
    void a_second_auth_on_a_logged_in_socket_is_just_acknowledged() {
        dispatcher.dispatch(loggedIn(false), frame(FrameType.AUTH, false, new TimAuth().setName("bob").setPwd("x")));

        assertEquals(new TimAck().setOk(true).setTimType((byte) FrameType.AUTH), onlyAck(false));
        assertEquals("ann", connection.tid().getNode());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void a_message_frame_reaches_messaging_with_the_decoded_message_and_the_sessions_tid(boolean json) {
        dispatcher.dispatch(loggedIn(json), frame(FrameType.MESSAGE, json, hello()));

        assertEquals(List.of(new RecordingMessaging.Call(ANN, hello())), messaging.calls);
        assertEquals(List.of(), socket.sent, "success sends no ack");
    }

    @ParameterizedTest
    @ValueSource(ints = {FrameType.REVOKEMESSAGE, FrameType.BURNMESSAGE})
    void revoke_and_burn_frames_are_routed_like_messages(int type) {
        TimMessage revoke = hello().setOdType((byte) 2).setMid(5L);

        dispatcher.dispatch(loggedIn(false), frame(type, false, revoke));

        assertEquals(List.of(new RecordingMessaging.Call(ANN, revoke)), messaging.calls);
    }

    @Test
    void a_refusal_is_answered_with_tims_error_ack_naming_the_frame_type() {
        messaging.failure = new TimFailure(ErrorCode.PERMISSION_DENIED);

        dispatcher.dispatch(loggedIn(false), frame(FrameType.MESSAGE, false, hello()));

        TimAck ack = onlyAck(false);
        assertErrorAck(ack, FrameType.MESSAGE, ErrorCode.PERMISSION_DENIED);
        assertEquals(4105, ack.getError().getCode());
        assertEquals("permission denied", ack.getError().getInfo());
    }

    @Test
    void a_refusal_goes_to_the_requesting_socket_only_in_its_mode() {
        FakeSocket otherSocket = new FakeSocket();
        Connection other = new Connection(otherSocket, Runnable::run, new Connection.Limits(100, 1 << 20, 50, 0));
        other.authenticated(ANN, false); // another device of the same user
        messaging.failure = new TimFailure(ErrorCode.PARAMETER_INCORRECT);

        dispatcher.dispatch(loggedIn(true), frame(FrameType.REVOKEMESSAGE, true, hello()));

        assertErrorAck(onlyAck(true), FrameType.REVOKEMESSAGE, ErrorCode.PARAMETER_INCORRECT);
        assertEquals(List.of(), otherSocket.sent);
    }

    @Test
    void a_specific_refusal_names_the_request_in_t_n_and_n2() {
        rooms.failure = new TimFailure(ErrorCode.PERMISSION_DENIED, 13L, "room1", "bob");

        dispatcher.dispatch(loggedIn(false), frame(FrameType.BUSINESS, false,
                new TimReq().setRtype(RoomService.KICKROOM).setNode("room1").setNode2("bob")));

        assertEquals(1, rooms.kicks.size());
        assertEquals(new TimAck().setOk(false).setTimType((byte) FrameType.BUSINESS)
                .setError(ErrorCode.PERMISSION_DENIED.toTimError()).setT(13L).setN("room1").setN2("bob"), onlyAck(false));
    }

    @Test
    void a_business_request_is_answered_with_the_services_ack() {
        dispatcher.dispatch(loggedIn(false), frame(FrameType.BUSINESS, false,
                new TimReq().setRtype(RoomService.KICKROOM).setNode("room1").setNode2("bob")));

        assertEquals(new TimAck().setOk(true).setTimType((byte) FrameType.BUSINESS).setT(13L), onlyAck(false));
    }

    @Test
    void an_unreadable_thrift_message_is_an_incorrect_parameter() {
        dispatcher.dispatch(loggedIn(false), ClientFrame.build(FrameType.MESSAGE, false, new byte[] {(byte) 0x18, 5}));

        assertErrorAck(onlyAck(false), FrameType.MESSAGE, ErrorCode.PARAMETER_INCORRECT);
        assertEquals(List.of(), messaging.calls);
    }

    @Test
    void a_json_syntax_error_in_a_message_is_a_format_error() {
        dispatcher.dispatch(loggedIn(true), ClientFrame.build(FrameType.MESSAGE, true,
                "{\"msType\":2,".getBytes(StandardCharsets.UTF_8)));

        assertErrorAck(onlyAck(true), FrameType.MESSAGE, ErrorCode.FORMAT_ERROR);
        assertEquals(List.of(), messaging.calls);
    }

    @Test
    void a_json_syntax_error_in_a_business_request_is_an_incorrect_parameter() {
        dispatcher.dispatch(loggedIn(true), ClientFrame.build(FrameType.BUSINESS, true,
                "not json".getBytes(StandardCharsets.UTF_8)));

        assertErrorAck(onlyAck(true), FrameType.BUSINESS, ErrorCode.PARAMETER_INCORRECT);
        assertEquals(List.of(), rooms.kicks);
    }

    @ParameterizedTest
    @ValueSource(ints = {FrameType.REGISTER, FrameType.TOKEN, FrameType.OFFLINEMSGEND, FrameType.LOGOUT, 0, 50, 99})
    void a_frame_type_with_no_meaning_here_is_answered_with_an_error_ack(int type) {
        dispatcher.dispatch(loggedIn(false), ClientFrame.build(type, false, new byte[] {1, 2, 3}));

        assertErrorAck(onlyAck(false), type, ErrorCode.PARAMETER_INCORRECT);
        assertNull(socket.closed);
    }

    @Test
    void a_storage_failure_is_a_database_error_and_anything_else_an_undefined_one() {
        messaging.failure = new EJBException("shard down");
        dispatcher.dispatch(loggedIn(false), frame(FrameType.MESSAGE, false, hello()));
        assertErrorAck(onlyAck(false), FrameType.MESSAGE, ErrorCode.DATABASE_ERROR);

        socket.sent.clear();
        messaging.failure = new IllegalStateException("bug");
        dispatcher.dispatch(connection, frame(FrameType.MESSAGE, false, hello()));
        assertErrorAck(onlyAck(false), FrameType.MESSAGE, ErrorCode.UNDEFINED);
        assertNull(socket.closed);
    }

    // offline flush

    @Test
    void an_empty_queue_is_answered_with_the_bare_end_marker_at_once() {
        dispatcher.dispatch(loggedIn(true), ClientFrame.build(FrameType.OFFLINEMSG, true, null));

        assertEquals(List.of(), delivery.devicePushes);
        assertEquals(1, socket.sent.size());
        assertArrayEquals(new byte[] {0x12}, socket.sent.get(0), "a single byte, also in JSON mode");
    }

    @Test
    void queued_batches_are_pushed_to_the_device_one_after_the_other_then_the_end_marker() {
        OfflineService.Batch first = batch(1);
        OfflineService.Batch second = batch(2);
        offline.waiting.addAll(List.of(first, second));
        Connection c = loggedIn(false);

        dispatcher.dispatch(c, ClientFrame.build(FrameType.OFFLINEMSG, false, null));

        assertEquals(2, delivery.devicePushes.size());
        for (int i = 0; i < 2; i++) {
            RecordingDelivery.DevicePush push = delivery.devicePushes.get(i);
            assertSame(c, push.device(), "to the device that asked, not every device of the user");
            assertEquals(FrameType.OFFLINEMSG, push.frameType());
            assertEquals(List.of(first, second).get(i).list(), push.struct());
        }
        assertEquals(List.of(first, second), offline.acknowledged);
        assertEquals(1, socket.sent.size());
        assertArrayEquals(new byte[] {0x12}, socket.sent.get(0));
    }

    @Test
    void an_unacknowledged_batch_stops_the_flush_and_is_handed_out_again_next_time() {
        offline.waiting.add(batch(1));
        delivery.answers.add(CompletableFuture.completedFuture(false));
        Connection c = loggedIn(false);

        dispatcher.dispatch(c, ClientFrame.build(FrameType.OFFLINEMSG, false, null));

        assertEquals(1, delivery.devicePushes.size());
        assertEquals(List.of(), offline.acknowledged);
        assertEquals(List.of(), socket.sent, "no end marker after an unacknowledged batch");

        dispatcher.dispatch(c, ClientFrame.build(FrameType.OFFLINEMSG, false, null));

        assertEquals(2, delivery.devicePushes.size());
        assertEquals(delivery.devicePushes.get(0).struct(), delivery.devicePushes.get(1).struct());
        assertEquals(1, offline.acknowledged.size());
        assertArrayEquals(new byte[] {0x12}, socket.sent.get(0));
    }

    @Test
    void a_repeated_request_while_a_batch_waits_for_its_ack_hands_out_nothing_twice() {
        offline.waiting.add(batch(1));
        CompletableFuture<Boolean> ack = new CompletableFuture<>();
        delivery.answers.add(ack);
        Connection c = loggedIn(false);

        dispatcher.dispatch(c, ClientFrame.build(FrameType.OFFLINEMSG, false, null));
        dispatcher.dispatch(c, ClientFrame.build(FrameType.OFFLINEMSG, false, null));

        assertEquals(1, delivery.devicePushes.size());
        assertEquals(1, offline.nextBatchCalls);

        ack.complete(true);

        assertEquals(1, offline.acknowledged.size());
        assertEquals(1, socket.sent.size());
        assertArrayEquals(new byte[] {0x12}, socket.sent.get(0));
    }

    @Test
    void a_failure_reading_the_queue_is_a_database_error_and_the_next_request_starts_afresh() {
        offline.nextBatchFailure = new EJBException("shard down");
        Connection c = loggedIn(false);

        dispatcher.dispatch(c, ClientFrame.build(FrameType.OFFLINEMSG, false, null));

        assertErrorAck(onlyAck(false), FrameType.OFFLINEMSG, ErrorCode.DATABASE_ERROR);

        socket.sent.clear();
        offline.nextBatchFailure = null;
        dispatcher.dispatch(c, ClientFrame.build(FrameType.OFFLINEMSG, false, null));
        assertArrayEquals(new byte[] {0x12}, socket.sent.get(0));
    }

    /**
     * {@code offline.acknowledge} runs in the push's callback; when it throws, the flush must end (with 5103) rather
     * than stay marked as running, which once left every later TIMOFFLINEMSG on the socket ignored.
     */
    @Test
    void a_failure_acknowledging_a_batch_does_not_leave_the_socket_without_offline_delivery() {
        offline.waiting.add(batch(1));
        offline.acknowledgeFailure = new EJBException("shard down while deleting the batch");
        Connection c = loggedIn(false);

        dispatcher.dispatch(c, ClientFrame.build(FrameType.OFFLINEMSG, false, null));
        assertEquals(List.of(), offline.acknowledged);

        // The client asks again (as after any flush that did not end with 0x12): the batch is still queued, so it
        // must be handed out again and the flush must end with the end marker.
        dispatcher.dispatch(c, ClientFrame.build(FrameType.OFFLINEMSG, false, null));

        assertEquals(2, delivery.devicePushes.size(), "the second request was ignored: the flush is stuck");
        assertEquals(1, offline.acknowledged.size());
        assertArrayEquals(new byte[] {0x12}, socket.sent.get(socket.sent.size() - 1));
    }
}
