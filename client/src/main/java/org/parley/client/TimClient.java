package org.parley.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.parley.protocol.BigData;
import org.parley.protocol.FrameType;
import org.parley.protocol.ProtocolException;
import org.parley.protocol.ServerFrame;
import org.parley.protocol.TimAck;
import org.parley.protocol.TimAuth;
import org.parley.protocol.TimMessage;
import org.parley.protocol.TimMessageList;
import org.parley.protocol.TimNodes;
import org.parley.protocol.TimPresence;
import org.parley.protocol.TimReq;
import org.parley.protocol.TimStream;
import org.parley.protocol.TimStruct;

/**
 * One client session of tim's wire protocol over a WebSocket ({@code ws[s]://host:port/tim}).
 *
 * <h2>Use</h2>
 * <pre>{@code
 * try (TimClient alice = TimClient.builder(URI.create("ws://localhost:20003/tim")).build()) {
 *     alice.connect().get();
 *     TimAck ack = alice.login("alice", "123", null, "web", 1).get();   // ok or not: check ack.getOk()
 *     alice.sendMessage(bobNode, "hi");
 *     TimMessage echo = alice.awaitMessage(m -> "hi".equals(m.getDataString()), Duration.ofSeconds(5));
 *     List<TimMessage> offline = alice.fetchOffline().get();
 * }
 * }</pre>
 *
 * <h2>Frames sent</h2>
 * In JSON mode ({@link Builder#json}) every frame has bit 7 of byte 0 set and struct bodies are
 * JSON, as timjs sends them; otherwise bodies are Thrift compact, as atim and timgo send them.
 * Methods that send return a future that completes when the frame has been written; requests with
 * an answer ({@link #login}, {@link #ping}, {@link #pull}, {@link #fetchOffline}) complete with the
 * answer, or fail with a {@link TimException} (error ack), {@link TimeoutException} (after the
 * request timeout; except {@link #pull}, which then completes empty because tim answers an empty
 * pull with nothing) or {@link ConnectionClosedException}. tim has no request ids, so answers are
 * matched to requests of the same kind in order.
 *
 * <h2>Frames received</h2>
 * Each inbound frame is parsed; if it is ack-required and the client acks automatically (the
 * default), the ack {@code [0x0C | 0x8C][sync id]} is sent <em>first</em>, then the body is decoded
 * (see {@link Inbound} for the types). The frame then goes to the {@link TimListener}, and, unless it
 * answered a pending request, to the <em>inbox</em>, a queue that tests search with
 * {@link #awaitNext}, {@link #awaitMessage}, {@link #awaitAck}, {@link #expectNothing} and friends.
 * With {@link Builder#autoAck autoAck(false)} nothing is acknowledged unless {@link #ack} is called
 * (except by {@link #fetchOffline}, which acks the batches it collects).
 *
 * <h2>Reconnection</h2>
 * With {@link Builder#autoReconnect}, a connection that ends without {@link #close()} being called
 * is replaced after a back-off delay (doubling from {@link Builder#reconnectBackoff initial} up to
 * max, reset by a successful login), and the last successful login is repeated: with a fresh token
 * from {@code /tim2} if it was a token login and the password is known, otherwise as it was. If
 * the repeated login is refused, or the server forced a logout ({@code TimAck{timType=20}}), the
 * client stops reconnecting.
 *
 * <h2>Connection loss</h2>
 * The end of a connection is reported through {@link #closeFuture()}, {@link #lastCloseStatus()}
 * and {@link TimListener#onClose}. Because the JDK's WebSocket occasionally misses a TCP close
 * that comes without a close frame, the connection is probed with WebSocket control pings (see
 * {@link Builder#connectionProbe}); a server that just drops the socket is noticed within about
 * two probe intervals.
 *
 * <p>Thread-safe. Futures returned by this class complete on a client callback thread, never on
 * the receive thread, so their dependent stages may block.
 */
public final class TimClient implements AutoCloseable {

    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_RECONNECT_INITIAL = Duration.ofMillis(500);
    public static final Duration DEFAULT_RECONNECT_MAX = Duration.ofSeconds(30);
    public static final Duration DEFAULT_CONNECTION_PROBE = Duration.ofSeconds(1);

    private static final System.Logger LOG = System.getLogger(TimClient.class.getName());
    private static final TimListener NO_LISTENER = new TimListener() {
    };

    // Configuration.
    private final URI uri;
    private final boolean json;
    private final boolean autoAck;
    private final boolean autoReconnect;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration requestTimeout;
    private final Duration connectTimeout;
    private final String origin;
    private final boolean inboxEnabled;
    private final TimListener listener;
    private final Transport.Factory transports;
    private final TokenSource tokens;
    private final Executor callbacks;

    private final Inbox inbox = new Inbox(
            () -> isOpen() ? "; connection open" : "; connection closed: " + lastCloseStatus());

    // Pending requests, answered in order. Futures in here are completed on the receive thread;
    // callers get copies that complete on the callback executor.
    private final Deque<CompletableFuture<TimAck>> authWaiters = new ConcurrentLinkedDeque<>();
    private final Deque<CompletableFuture<Void>> pingWaiters = new ConcurrentLinkedDeque<>();
    private final Deque<CompletableFuture<List<TimMessage>>> pullWaiters = new ConcurrentLinkedDeque<>();
    private final Deque<OfflineFetch> offlineFetches = new ConcurrentLinkedDeque<>();

    private final Object lock = new Object();
    // Guarded by lock.
    private Connection current;
    private boolean closedByUser;
    private Duration nextBackoff;
    private TimAuth lastLogin;
    private Credentials knownPassword;
    private String node;
    private CloseStatus lastClose;

    private TimClient(Builder b) {
        this.uri = b.uri;
        this.json = b.json;
        this.autoAck = b.autoAck;
        this.autoReconnect = b.autoReconnect;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.requestTimeout = b.requestTimeout;
        this.connectTimeout = b.connectTimeout;
        this.origin = b.origin;
        this.inboxEnabled = b.inbox;
        this.listener = b.listener == null ? NO_LISTENER : b.listener;
        HttpClient http = b.httpClient == null ? SharedHttpClient.get() : b.httpClient;
        this.transports = b.transports == null ? JdkWebSocketTransport.factory(http, b.probeInterval) : b.transports;
        if (b.tokens != null) {
            this.tokens = b.tokens;
        } else {
            TimHttp timHttp = new TimHttp(http, requestTimeout);
            this.tokens = (name, pwd, domain) -> timHttp.tokenAsync(uri, name, pwd, domain, json);
        }
        this.callbacks = b.callbacks == null ? CallbackPool.EXECUTOR : b.callbacks;
        this.nextBackoff = initialBackoff;
        if (b.tokenRenewalPassword != null) {
            this.knownPassword = new Credentials(null, null, b.tokenRenewalPassword);
        }
    }

    /** A builder for a client of the WebSocket endpoint {@code uri}, e.g. {@code ws://localhost:20003/tim}. */
    public static Builder builder(URI uri) {
        return new Builder(uri);
    }

    /** {@link #builder(URI)} from a string. */
    public static Builder builder(String uri) {
        return new Builder(URI.create(uri));
    }

    // ------------------------------------------------------------------ connection

    /**
     * Opens the WebSocket (with header {@code Origin}). Completes when it is open; if it already
     * is, or is being opened, returns that connection's future. Allowed again after a close.
     */
    public CompletableFuture<Void> connect() {
        Connection c;
        synchronized (lock) {
            closedByUser = false;
            if (current != null && !current.closed.isDone()) {
                return publish(current.opened);
            }
            c = new Connection();
            current = c;
        }
        open(c);
        return publish(c.opened);
    }

    /** Whether the WebSocket is open (logged in or not). */
    public boolean isOpen() {
        Connection c = currentConnection();
        return c != null && c.transport != null && !c.closed.isDone();
    }

    /** The WebSocket endpoint. */
    public URI uri() {
        return uri;
    }

    /** Whether this client sends JSON frames (timjs style) rather than Thrift (atim style). */
    public boolean isJson() {
        return json;
    }

    /** The user node of the last successful login ({@code TimAck.n}); {@code null} before one. */
    public String node() {
        synchronized (lock) {
            return node;
        }
    }

    /**
     * Closes the connection with a close handshake (code 1000) and stops automatic reconnection.
     * Completes with how the connection ended, at the latest a few seconds later (the connection is
     * aborted if the server does not answer the close). Completes at once if there is no connection.
     */
    public CompletableFuture<CloseStatus> closeAsync() {
        Connection c;
        synchronized (lock) {
            closedByUser = true;
            c = current;
            if (c == null) {
                return CompletableFuture.completedFuture(
                        lastClose != null ? lastClose : new CloseStatus(CloseStatus.NORMAL, "never connected", true));
            }
        }
        c.closeRequested = true;
        Transport t = c.transport;
        if (t != null && !c.closed.isDone()) {
            t.close(CloseStatus.NORMAL, "");
        }
        return publish(c.closed);
    }

    /**
     * {@link #closeAsync()}, waiting (boundedly) for the close to finish; the connection is aborted
     * if the handshake takes too long.
     */
    @Override
    public void close() {
        CompletableFuture<CloseStatus> closing = closeAsync();
        try {
            closing.get(JdkWebSocketTransport.CLOSE_GRACE.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abort();
        } catch (ExecutionException | TimeoutException e) {
            abort();
        }
    }

    /**
     * Drops the connection at once, without a close handshake, as a crashed device would; the
     * server notices only when the TCP connection breaks. Stops automatic reconnection.
     */
    public void abort() {
        Connection c;
        synchronized (lock) {
            closedByUser = true;
            c = current;
        }
        if (c != null) {
            c.closeRequested = true;
            Transport t = c.transport;
            if (t != null) {
                t.abort();
            }
        }
    }

    /**
     * Completes with the close status when the current (most recent) connection ends; fails with
     * {@link ConnectionClosedException} if the client never connected. A reconnection starts a new
     * connection with a new future.
     */
    public CompletableFuture<CloseStatus> closeFuture() {
        Connection c = currentConnection();
        if (c == null) {
            return CompletableFuture.failedFuture(new ConnectionClosedException("never connected", null));
        }
        return publish(c.closed);
    }

    /** How the last connection ended; {@code null} if none has ended yet. */
    public CloseStatus lastCloseStatus() {
        synchronized (lock) {
            return lastClose;
        }
    }

    // ------------------------------------------------------------------ login

    /**
     * Password login (§5.4): sends {@code AUTH{name, pwd, domain, resource, termtyp}}.
     *
     * @param domain optional, {@code null} to leave it out
     * @param resource optional device/resource label, e.g. {@code "web"}
     * @param termtyp terminal type (a byte, e.g. 1)
     * @return the AUTH ack ({@code timType=16}), whether ok or not: a refused login completes
     *     normally with {@code ok=false} and the error (4105, 4111, …)
     */
    public CompletableFuture<TimAck> login(String name, String pwd, String domain, String resource, int termtyp) {
        return login(Requests.passwordAuth(name, pwd, domain, resource, termtyp));
    }

    /**
     * Token login (§5.4): sends {@code AUTH{name, token, domain, resource, termtyp}}; {@code name} and
     * {@code domain} must be those of the token request (see {@link TimHttp#token}).
     *
     * @return the AUTH ack, whether ok or not (a used or expired token gives 4115)
     */
    public CompletableFuture<TimAck> loginByToken(String name, String token, String domain, String resource,
                                                  int termtyp) {
        return login(Requests.tokenAuth(name, token, domain, resource, termtyp));
    }

    /**
     * Sends any AUTH frame; completes with the next AUTH ack, ok or not. A successful login becomes
     * the one repeated by automatic reconnection.
     */
    public CompletableFuture<TimAck> login(TimAuth auth) {
        return publish(authenticate(auth.copy()));
    }

    private CompletableFuture<TimAck> authenticate(TimAuth auth) {
        CompletableFuture<TimAck> answer = request(authWaiters, Requests.struct(FrameType.AUTH, json, auth),
                requestTimeout, "login");
        return answer.thenApply(ack -> {
            if (Boolean.TRUE.equals(ack.getOk())) {
                synchronized (lock) {
                    lastLogin = auth;
                    if (auth.getPwd() != null && (auth.getToken() == null || auth.getToken().isEmpty())) {
                        knownPassword = new Credentials(auth.getName(), auth.getDomain(), auth.getPwd());
                    }
                }
            }
            return ack;
        });
    }

    // ------------------------------------------------------------------ requests with an answer

    /**
     * Sends PING ({@code 0x0D}); completes when the server's PING arrives. An unauthenticated socket
     * gets no answer (§5.2), so this then fails with a {@link TimeoutException}.
     */
    public CompletableFuture<Void> ping() {
        return publish(request(pingWaiters, Requests.bare(FrameType.PING, json), requestTimeout, "ping"));
    }

    /**
     * Requests the offline queue (§5.5) and collects it: sends {@code 0x11}, acknowledges every
     * batch (also when automatic acks are off, since the server sends the next batch only then),
     * and completes with all messages, in the order received, when the end marker {@code 0x12}
     * arrives. Fails with a {@link TimeoutException} after the request timeout. The batches and the
     * end marker do not go to the inbox. To observe unacknowledged batches, use
     * {@link #requestOffline()} with {@code autoAck(false)} and the inbox.
     */
    public CompletableFuture<List<TimMessage>> fetchOffline() {
        return fetchOffline(requestTimeout);
    }

    /** {@link #fetchOffline()} with its own time limit for the whole exchange. */
    public CompletableFuture<List<TimMessage>> fetchOffline(Duration timeout) {
        OfflineFetch fetch = new OfflineFetch();
        offlineFetches.add(fetch);
        fetch.future.whenComplete((v, e) -> offlineFetches.remove(fetch));
        Scheduler.failAfter(fetch.future, timeout, "fetchOffline");
        write(Requests.bare(FrameType.OFFLINEMSG, json)).whenComplete((v, e) -> {
            if (e != null) {
                fetch.future.completeExceptionally(unwrap(e));
            }
        });
        return publish(fetch.future);
    }

    /**
     * Sends a PULLMESSAGE request (§5.8) and completes with the messages of the answer, newest
     * first. tim sends <em>no frame</em> when nothing matches, so the future completes with an
     * empty list once the request timeout has passed without an answer; it fails with a
     * {@link TimException} if the server answers with an error ack ({@code timType=21}).
     */
    public CompletableFuture<List<TimMessage>> pull(TimReq req) {
        return pull(req, requestTimeout);
    }

    /**
     * {@link #pull(TimReq)}, completing with an empty list after {@code quietPeriod} without an
     * answer. (An answer that arrives later goes to the inbox.)
     */
    public CompletableFuture<List<TimMessage>> pull(TimReq req, Duration quietPeriod) {
        CompletableFuture<List<TimMessage>> answer = new CompletableFuture<>();
        answer.completeOnTimeout(List.of(), quietPeriod.toNanos(), TimeUnit.NANOSECONDS);
        return publish(request(pullWaiters, answer, Requests.struct(FrameType.PULLMESSAGE, json, req)));
    }

    /**
     * History of the 1:1 chat with {@code peerNode}: {@code TimReq{rtype=1, node, reqInt=maxMid,
     * reqInt2=limit}}, see {@link #pull(TimReq)}.
     *
     * @param maxMid the largest mid wanted (inclusive); 0 for the newest
     * @param limit the maximum number of messages
     */
    public CompletableFuture<List<TimMessage>> pullHistory(String peerNode, long maxMid, int limit) {
        return pull(Requests.history(Requests.PULL_USER, peerNode, maxMid, limit));
    }

    /** History of room {@code roomNode} ({@code rtype=2}), see {@link #pullHistory}. */
    public CompletableFuture<List<TimMessage>> pullRoomHistory(String roomNode, long maxMid, int limit) {
        return pull(Requests.history(Requests.PULL_ROOM, roomNode, maxMid, limit));
    }

    // ------------------------------------------------------------------ one-way requests

    /**
     * Sends a MESSAGE frame (90) with {@code message} as it is. The echo (1:1), the copies
     * (rooms) or an error ack arrive in the inbox.
     */
    public CompletableFuture<Void> send(TimMessage message) {
        return sendFrame(FrameType.MESSAGE, message);
    }

    /** A text message to user {@code toNode}: {@code TimMessage{msType=2, odType=1, toTid, dataString}}. */
    public CompletableFuture<Void> sendMessage(String toNode, String text) {
        return send(Requests.text(toNode, text));
    }

    /** A text message to room {@code roomNode}: {@code TimMessage{msType=3, odType=1, roomTid, dataString}}. */
    public CompletableFuture<Void> sendRoomMessage(String roomNode, String text) {
        return send(Requests.roomText(roomNode, text));
    }

    /** Revokes one's own 1:1 message: frame 92, {@code TimMessage{msType=2, odType=2, mid, toTid}}. */
    public CompletableFuture<Void> revoke(String toNode, long mid) {
        return sendFrame(FrameType.REVOKEMESSAGE, Requests.revoke(toNode, mid));
    }

    /** Revokes one's own room message: frame 92, {@code TimMessage{msType=3, odType=2, mid, roomTid}}. */
    public CompletableFuture<Void> revokeRoomMessage(String roomNode, long mid) {
        return sendFrame(FrameType.REVOKEMESSAGE, Requests.roomRevoke(roomNode, mid));
    }

    /**
     * Burns a received message after reading: frame 93, {@code TimMessage{msType=2, odType=3, mid,
     * toTid=authorNode}}.
     */
    public CompletableFuture<Void> burn(String authorNode, long mid) {
        return sendFrame(FrameType.BURNMESSAGE, Requests.burn(authorNode, mid));
    }

    /** Sends OFFLINEMSG ({@code 0x11}) only; batches and the end marker then arrive in the inbox. */
    public CompletableFuture<Void> requestOffline() {
        return publish(write(Requests.bare(FrameType.OFFLINEMSG, json)));
    }

    /** PRESENCE (91) to {@code toTid} or {@code toList} (§5.13.1). */
    public CompletableFuture<Void> presence(TimPresence presence) {
        return sendFrame(FrameType.PRESENCE, presence);
    }

    /** BROADPRESENCE (19), by default to all online friends (§5.13.2). */
    public CompletableFuture<Void> broadPresence(TimPresence presence) {
        return sendFrame(FrameType.BROADPRESENCE, presence);
    }

    /** BUSINESS (41): roster and room operations (§5.10); answers arrive in the inbox. */
    public CompletableFuture<Void> business(TimReq req) {
        return sendFrame(FrameType.BUSINESS, req);
    }

    /** NODES (42): profile reads and changes (§5.11); answers arrive in the inbox. */
    public CompletableFuture<Void> nodes(TimNodes nodes) {
        return sendFrame(FrameType.NODES, nodes);
    }

    /** VROOM (22): virtual room operations (§5.9); answers arrive in the inbox. */
    public CompletableFuture<Void> vroom(TimReq req) {
        return sendFrame(FrameType.VROOM, req);
    }

    /** STREAM (94): a push into a virtual room (§5.14). */
    public CompletableFuture<Void> stream(TimStream stream) {
        return sendFrame(FrameType.STREAM, stream);
    }

    /** BIGSTRING (95) to user {@code toNode}, length-prefixed as timjs sends it (§5.15). */
    public CompletableFuture<Void> sendBigString(String toNode, String text) {
        return sendBigData(new BigData(FrameType.BIGSTRING, toNode,
                text.getBytes(java.nio.charset.StandardCharsets.UTF_8)), true);
    }

    /** BIGBINARY (96) to user {@code toNode}, length-prefixed as timjs sends it (§5.15). */
    public CompletableFuture<Void> sendBigBinary(String toNode, byte[] data) {
        return sendBigData(new BigData(FrameType.BIGBINARY, toNode, data), true);
    }

    /**
     * A big-data frame (95/96/97) to {@code data.node()}: with {@code lengthPrefixed}, timjs's form
     * {@code [type] L node sep payload}; without, atim's and timgo's {@code [type] node sep payload}.
     * Bit 7 of byte 0 is set in JSON mode.
     */
    public CompletableFuture<Void> sendBigData(BigData data, boolean lengthPrefixed) {
        return publish(write(Requests.bigData(data, json, lengthPrefixed)));
    }

    /** Sends {@code [type | json flag][body]}, the body encoded in this client's mode. */
    public CompletableFuture<Void> sendFrame(int type, TimStruct<?> body) {
        return publish(write(Requests.struct(type, json, body)));
    }

    /** Sends {@code wsMessage} unchanged as one binary WebSocket message, e.g. malformed input for tests. */
    public CompletableFuture<Void> sendRaw(byte[] wsMessage) {
        return publish(write(wsMessage.clone()));
    }

    /** Acknowledges an ack-required frame: {@code [0x0C | json flag][syncId]} (§1.5). */
    public CompletableFuture<Void> ack(int syncId) {
        return publish(write(Requests.ack(syncId, json)));
    }

    /** Acknowledges {@code frame} if it is ack-required; otherwise completes at once. */
    public CompletableFuture<Void> ack(Inbound frame) {
        return frame.ackRequired() ? ack(frame.syncId()) : CompletableFuture.completedFuture(null);
    }

    // ------------------------------------------------------------------ inbox

    /**
     * Removes and returns the oldest inbox frame matching {@code filter}, waiting up to
     * {@code timeout} for one to arrive. Frames that answered a pending request (login, ping, pull,
     * fetchOffline) are not in the inbox.
     *
     * @throws TimeoutException if none arrived in time (the message lists what the inbox holds)
     */
    public Inbound awaitNext(Predicate<? super Inbound> filter, Duration timeout)
            throws TimeoutException, InterruptedException {
        return inbox.take(filter, timeout);
    }

    /** Removes and returns the oldest inbox frame of type {@code frameType}, waiting up to {@code timeout}. */
    public Inbound awaitFrame(int frameType, Duration timeout) throws TimeoutException, InterruptedException {
        return inbox.take(f -> f.type() == frameType, timeout);
    }

    /** The first MESSAGE (90) in the inbox whose message matches, see {@link #awaitNext}. */
    public TimMessage awaitMessage(Predicate<? super TimMessage> filter, Duration timeout)
            throws TimeoutException, InterruptedException {
        return inbox.take(f -> f.type() == FrameType.MESSAGE && f.message() != null && filter.test(f.message()),
                timeout).message();
    }

    /** The first ACK (12) in the inbox whose ack matches, see {@link #awaitNext}. */
    public TimAck awaitAck(Predicate<? super TimAck> filter, Duration timeout)
            throws TimeoutException, InterruptedException {
        return inbox.take(f -> f.type() == FrameType.ACK && f.ack() != null && filter.test(f.ack()), timeout).ack();
    }

    /** The first PRESENCE (91) in the inbox that matches, see {@link #awaitNext}. */
    public TimPresence awaitPresence(Predicate<? super TimPresence> filter, Duration timeout)
            throws TimeoutException, InterruptedException {
        return inbox.take(f -> f.type() == FrameType.PRESENCE && f.presence() != null && filter.test(f.presence()),
                timeout).presence();
    }

    /** The first NODES (42) in the inbox that matches, see {@link #awaitNext}. */
    public TimNodes awaitNodes(Predicate<? super TimNodes> filter, Duration timeout)
            throws TimeoutException, InterruptedException {
        return inbox.take(f -> f.type() == FrameType.NODES && f.nodes() != null && filter.test(f.nodes()),
                timeout).nodes();
    }

    /** The first STREAM (94) in the inbox that matches, see {@link #awaitNext}. */
    public TimStream awaitStream(Predicate<? super TimStream> filter, Duration timeout)
            throws TimeoutException, InterruptedException {
        return inbox.take(f -> f.type() == FrameType.STREAM && f.stream() != null && filter.test(f.stream()),
                timeout).stream();
    }

    /** The first big-data frame (95/96/97) in the inbox that matches, see {@link #awaitNext}. */
    public BigData awaitBigData(Predicate<? super BigData> filter, Duration timeout)
            throws TimeoutException, InterruptedException {
        return inbox.take(f -> {
            BigData d = f.bigData();
            return d != null && filter.test(d);
        }, timeout).bigData();
    }

    /**
     * Whether no frame matching {@code filter} is in the inbox or arrives within {@code window}:
     * the "nothing" of the conversation scripts (§7). Returns {@code false} as soon as one is there,
     * leaving it in the inbox; otherwise waits the whole window.
     */
    public boolean expectNothing(Predicate<? super Inbound> filter, Duration window) throws InterruptedException {
        return inbox.none(filter, window);
    }

    /** Removes and returns all inbox frames, oldest first. */
    public List<Inbound> drainInbox() {
        return inbox.drain();
    }

    /** A copy of the inbox, oldest first. */
    public List<Inbound> inboxSnapshot() {
        return inbox.snapshot();
    }

    /** Empties the inbox. */
    public void clearInbox() {
        inbox.clear();
    }

    // ------------------------------------------------------------------ internals: sending

    private Connection currentConnection() {
        synchronized (lock) {
            return current;
        }
    }

    private CompletableFuture<Void> write(byte[] frame) {
        Connection c = currentConnection();
        Transport t = c == null ? null : c.transport;
        if (t == null || c.closed.isDone()) {
            return CompletableFuture.failedFuture(new ConnectionClosedException("not connected",
                    c == null ? null : c.closed.getNow(null)));
        }
        return t.send(frame);
    }

    /** Registers a waiter for the answer, sends, and applies the timeout. */
    private <T> CompletableFuture<T> request(Deque<CompletableFuture<T>> waiters, byte[] frame, Duration timeout,
                                             String what) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        Scheduler.failAfter(answer, timeout, what);
        return request(waiters, answer, frame);
    }

    private <T> CompletableFuture<T> request(Deque<CompletableFuture<T>> waiters, CompletableFuture<T> answer,
                                             byte[] frame) {
        waiters.add(answer); // before sending: the answer may come before the send completes
        answer.whenComplete((v, e) -> waiters.remove(answer));
        write(frame).whenComplete((v, e) -> {
            if (e != null) {
                answer.completeExceptionally(unwrap(e));
            }
        });
        return answer;
    }

    /** A copy of {@code internal} that completes on the callback executor and cancels it when cancelled. */
    private <T> CompletableFuture<T> publish(CompletableFuture<T> internal) {
        CompletableFuture<T> external = new CompletableFuture<>();
        internal.whenComplete((v, e) -> callbacks.execute(() -> {
            if (e != null) {
                external.completeExceptionally(unwrap(e));
            } else {
                external.complete(v);
            }
        }));
        external.whenComplete((v, e) -> {
            if (external.isCancelled()) {
                internal.cancel(false);
            }
        });
        return external;
    }

    private static Throwable unwrap(Throwable e) {
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    // ------------------------------------------------------------------ internals: receiving

    private void handleInbound(Connection c, Transport from, byte[] message) {
        if (c.closed.isDone()) {
            return;
        }
        Inbound frame;
        ServerFrame parsed;
        try {
            parsed = ServerFrame.parse(message);
        } catch (ProtocolException e) {
            parsed = null;
            frame = new Inbound(message.length == 0 ? -1 : message[0] & FrameType.TYPE_MASK, false, 0,
                    message.length == 0 ? message : java.util.Arrays.copyOfRange(message, 1, message.length),
                    message, e);
            notifyError(e);
            dispatch(c, from, frame);
            return;
        }
        if (parsed.ackRequired() && (autoAck || (parsed.type() == FrameType.OFFLINEMSG && activeFetch() != null))) {
            // The ack goes out before the body is even decoded, as tim's clients do (§1.5).
            from.send(Requests.ack(parsed.syncId(), json)).whenComplete((v, e) -> {
                if (e != null) {
                    LOG.log(System.Logger.Level.DEBUG, "ack could not be sent: {0}", e.toString());
                }
            });
        }
        frame = decode(parsed, message);
        if (frame.error() != null) {
            notifyError(frame.error());
        }
        dispatch(c, from, frame);
    }

    private Inbound decode(ServerFrame f, byte[] message) {
        Object payload;
        ProtocolException error = null;
        try {
            payload = switch (f.type()) {
                case FrameType.ACK -> f.decodeBody(json, TimAck.class);
                case FrameType.MESSAGE -> f.decodeBody(json, TimMessage.class);
                case FrameType.OFFLINEMSG, FrameType.PULLMESSAGE -> f.decodeBody(json, TimMessageList.class);
                case FrameType.PRESENCE -> f.decodeBody(json, TimPresence.class);
                case FrameType.NODES -> f.decodeBody(json, TimNodes.class);
                case FrameType.STREAM -> f.decodeBody(json, TimStream.class);
                case FrameType.PING, FrameType.OFFLINEMSGEND -> null;
                default -> f.body(); // big data (raw, never JSON) and anything unknown
            };
        } catch (ProtocolException e) {
            payload = f.body();
            error = e;
        }
        return new Inbound(f.type(), f.ackRequired(), f.syncId(), payload, message, error);
    }

    private void dispatch(Connection c, Transport from, Inbound frame) {
        TimAck ack = frame.ack();
        if (ack != null && Boolean.TRUE.equals(ack.getOk()) && ack.getTimType() != null) {
            if (ack.getTimType() == FrameType.AUTH && ack.getN() != null) {
                synchronized (lock) {
                    node = ack.getN();
                    nextBackoff = initialBackoff;
                }
            } else if (ack.getTimType() == FrameType.LOGOUT) {
                c.loggedOut = true; // forced logout (§5.7): do not reconnect after the close that follows
            }
        }
        try {
            listener.onFrame(frame);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "TimListener.onFrame failed", e);
        }
        if (!claim(frame) && inboxEnabled) {
            inbox.add(frame);
        }
    }

    /** Hands {@code frame} to the pending request it answers; false if it answers none. */
    private boolean claim(Inbound frame) {
        switch (frame.type()) {
            case FrameType.ACK -> {
                TimAck ack = frame.ack();
                if (ack == null || ack.getTimType() == null) {
                    return false;
                }
                if (ack.getTimType() == FrameType.AUTH) {
                    return completeFirst(authWaiters, ack);
                }
                if (ack.getTimType() == FrameType.PULLMESSAGE && !Boolean.TRUE.equals(ack.getOk())) {
                    return failFirst(pullWaiters, TimException.of(ack));
                }
                return false;
            }
            case FrameType.PING -> {
                return completeFirst(pingWaiters, null);
            }
            case FrameType.PULLMESSAGE -> {
                TimMessageList list = frame.messageList();
                return list != null && completeFirst(pullWaiters, messagesOf(list));
            }
            case FrameType.OFFLINEMSG -> {
                OfflineFetch fetch = activeFetch();
                if (fetch == null) {
                    return false;
                }
                TimMessageList list = frame.messageList();
                if (list != null) {
                    fetch.messages.addAll(messagesOf(list));
                }
                return true;
            }
            case FrameType.OFFLINEMSGEND -> {
                OfflineFetch fetch = activeFetch();
                return fetch != null && fetch.future.complete(List.copyOf(fetch.messages));
            }
            default -> {
                return false;
            }
        }
    }

    private OfflineFetch activeFetch() {
        for (OfflineFetch fetch : offlineFetches) {
            if (!fetch.future.isDone()) {
                return fetch;
            }
        }
        return null;
    }

    private static List<TimMessage> messagesOf(TimMessageList list) {
        return list.getMessageList() == null ? List.of() : List.copyOf(list.getMessageList());
    }

    private static <T> boolean completeFirst(Deque<CompletableFuture<T>> waiters, T value) {
        for (CompletableFuture<T> f; (f = waiters.poll()) != null; ) {
            if (f.complete(value)) {
                return true;
            }
        }
        return false;
    }

    private static <T> boolean failFirst(Deque<CompletableFuture<T>> waiters, Throwable error) {
        for (CompletableFuture<T> f; (f = waiters.poll()) != null; ) {
            if (f.completeExceptionally(error)) {
                return true;
            }
        }
        return false;
    }

    private void failWaiters(Throwable error) {
        failAll(authWaiters, error);
        failAll(pingWaiters, error);
        failAll(pullWaiters, error);
        for (OfflineFetch fetch; (fetch = offlineFetches.poll()) != null; ) {
            fetch.future.completeExceptionally(error);
        }
    }

    private static <T> void failAll(Deque<CompletableFuture<T>> waiters, Throwable error) {
        for (CompletableFuture<T> f; (f = waiters.poll()) != null; ) {
            f.completeExceptionally(error);
        }
    }

    // ------------------------------------------------------------------ internals: lifecycle

    private void open(Connection c) {
        CompletableFuture<Transport> opening;
        try {
            opening = transports.open(uri, origin, connectTimeout, c);
        } catch (RuntimeException e) {
            opening = CompletableFuture.failedFuture(e);
        }
        opening.whenComplete((t, e) -> {
            if (e != null) {
                CloseStatus status = new CloseStatus(CloseStatus.ABNORMAL, "connect failed: " + unwrap(e), false);
                synchronized (lock) {
                    if (current == c) {
                        lastClose = status;
                    }
                }
                c.closed.complete(status);
                c.opened.completeExceptionally(unwrap(e));
                return;
            }
            c.transport = t;
            boolean unwanted;
            synchronized (lock) {
                unwanted = closedByUser || current != c;
            }
            if (unwanted) {
                c.closeRequested = true;
                t.close(CloseStatus.NORMAL, "");
                c.opened.completeExceptionally(new ConnectionClosedException("closed while connecting", null));
            } else if (c.closed.isDone()) {
                c.opened.completeExceptionally(new ConnectionClosedException("closed while connecting",
                        c.closed.getNow(null)));
            } else {
                c.opened.complete(null);
            }
        });
    }

    private void handleClosed(Connection c, int code, String reason) {
        CloseStatus status = new CloseStatus(code, reason, c.closeRequested);
        boolean wasCurrent;
        boolean reconnect;
        Duration delay = null;
        synchronized (lock) {
            if (c.closed.isDone()) {
                return;
            }
            wasCurrent = current == c;
            if (wasCurrent) {
                lastClose = status;
            }
            reconnect = wasCurrent && autoReconnect && !closedByUser && !c.closeRequested && !c.loggedOut
                    && !c.noReconnect;
            if (reconnect) {
                delay = takeBackoff();
            }
        }
        c.closed.complete(status);
        if (wasCurrent) {
            failWaiters(new ConnectionClosedException("connection closed", status));
        }
        try {
            listener.onClose(status, reconnect);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "TimListener.onClose failed", e);
        }
        if (reconnect) {
            scheduleReconnect(delay);
        }
    }

    /** Caller holds the lock. */
    private Duration takeBackoff() {
        Duration delay = nextBackoff;
        Duration doubled = nextBackoff.multipliedBy(2);
        nextBackoff = doubled.compareTo(maxBackoff) > 0 ? maxBackoff : doubled;
        return delay;
    }

    private void scheduleReconnect(Duration delay) {
        Scheduler.runAfter(delay, callbacks, this::reconnect);
    }

    private void reconnect() {
        Connection c;
        synchronized (lock) {
            if (closedByUser || (current != null && !current.closed.isDone())) {
                return; // closed meanwhile, or connected again by hand
            }
            c = new Connection();
            current = c;
        }
        open(c);
        c.opened.thenCompose(v -> relogin())
                .whenComplete((ack, e) -> afterReconnect(c, ack, e == null ? null : unwrap(e)));
    }

    /** Repeats the last successful login; completes with null if there was none. */
    private CompletableFuture<TimAck> relogin() {
        TimAuth last;
        Credentials password;
        synchronized (lock) {
            last = lastLogin;
            password = knownPassword;
        }
        if (last == null) {
            return CompletableFuture.completedFuture(null);
        }
        boolean byToken = last.getToken() != null && !last.getToken().isEmpty();
        if (byToken && password != null && password.appliesTo(last)) {
            return tokens.token(last.getName(), password.pwd, last.getDomain())
                    .thenCompose(token -> authenticate(last.copy().setToken(token)));
        }
        // A password login, or a token login whose password is unknown: repeat it as it was (like
        // tim's clients; a used token is then refused with 4115 and reconnection stops).
        return authenticate(last.copy());
    }

    private void afterReconnect(Connection c, TimAck ack, Throwable error) {
        if (error == null) {
            try {
                listener.onReconnect(ack);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "TimListener.onReconnect failed", e);
            }
            if (ack != null && !Boolean.TRUE.equals(ack.getOk())) {
                stopAfterFailedRelogin(c);
            }
            return;
        }
        notifyError(error);
        if (error instanceof TimException) { // /tim2 refused the token: retrying will not help
            stopAfterFailedRelogin(c);
            return;
        }
        if (c.transport == null) { // could not connect: try again later
            Duration delay;
            synchronized (lock) {
                if (closedByUser || current != c) {
                    return;
                }
                delay = takeBackoff();
            }
            scheduleReconnect(delay);
        } else if (!c.closed.isDone()) {
            c.transport.abort(); // the login timed out or failed: the close handler tries again
        }
    }

    private void stopAfterFailedRelogin(Connection c) {
        c.noReconnect = true;
        c.closeRequested = true;
        Transport t = c.transport;
        if (t != null && !c.closed.isDone()) {
            t.close(CloseStatus.NORMAL, "");
        }
    }

    private void notifyError(Throwable error) {
        try {
            listener.onError(error);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "TimListener.onError failed", e);
        }
    }

    @Override
    public String toString() {
        return "TimClient{" + uri + (json ? ", json" : ", thrift") + (isOpen() ? ", open" : ", closed")
                + (node() != null ? ", node=" + node() : "") + '}';
    }

    /** One WebSocket connection; the client makes a new one for each (re)connect. */
    private final class Connection implements Transport.Receiver {
        final CompletableFuture<Void> opened = new CompletableFuture<>();
        final CompletableFuture<CloseStatus> closed = new CompletableFuture<>();
        volatile Transport transport;
        /** This client closed it (close, abort, unwanted connection, refused re-login). */
        volatile boolean closeRequested;
        /** The server sent a forced logout. */
        volatile boolean loggedOut;
        /** A re-login was refused. */
        volatile boolean noReconnect;

        @Override
        public void onMessage(Transport from, byte[] message) {
            handleInbound(this, from, message);
        }

        @Override
        public void onClosed(int code, String reason) {
            handleClosed(this, code, reason);
        }
    }

    private static final class OfflineFetch {
        final CompletableFuture<List<TimMessage>> future = new CompletableFuture<>();
        /** Touched only on the receive thread. */
        final List<TimMessage> messages = new ArrayList<>();
    }

    /** A password known from a password login (or configured), for renewing tokens. */
    private record Credentials(String name, String domain, String pwd) {
        boolean appliesTo(TimAuth login) {
            return name == null || (name.equals(login.getName()) && Objects.equals(domain, login.getDomain()));
        }
    }

    /** Default executor for completing returned futures: daemon threads, created on demand. */
    private static final class CallbackPool {
        private static final AtomicInteger COUNT = new AtomicInteger();
        static final ExecutorService EXECUTOR = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "parley-client-callback-" + COUNT.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Configures a {@link TimClient}. Defaults: Thrift mode, automatic acks, no automatic
     * reconnection, request and connect timeouts of 10 s, {@code Origin:
     * https://github.com/donnie4w/tim}, inbox on, connection probe every second.
     */
    public static final class Builder {
        private final URI uri;
        private boolean json;
        private boolean autoAck = true;
        private boolean autoReconnect;
        private Duration initialBackoff = DEFAULT_RECONNECT_INITIAL;
        private Duration maxBackoff = DEFAULT_RECONNECT_MAX;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private String origin = TimHttp.ORIGIN;
        private boolean inbox = true;
        private String tokenRenewalPassword;
        private Duration probeInterval = DEFAULT_CONNECTION_PROBE;
        private TimListener listener;
        private HttpClient httpClient;
        private Transport.Factory transports;
        private TokenSource tokens;
        private Executor callbacks;

        private Builder(URI uri) {
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("ws") && !scheme.equals("wss")) {
                throw new IllegalArgumentException("not a ws:// or wss:// URI: " + uri);
            }
            this.uri = uri;
        }

        /**
         * JSON mode (timjs style): every frame sent has bit 7 set on byte 0 and struct bodies are
         * JSON; the server then answers in JSON. Default false: Thrift compact (atim style).
         */
        public Builder json(boolean json) {
            this.json = json;
            return this;
        }

        /**
         * Whether ack-required frames are acknowledged automatically, before they are decoded
         * (default true). With false, nothing is acknowledged unless {@link TimClient#ack} is called,
         * which simulates a device that does not answer (§7.6).
         */
        public Builder autoAck(boolean autoAck) {
            this.autoAck = autoAck;
            return this;
        }

        /**
         * Whether a connection that ends unexpectedly is replaced and the last login repeated
         * (default false); see the class documentation.
         */
        public Builder autoReconnect(boolean autoReconnect) {
            this.autoReconnect = autoReconnect;
            return this;
        }

        /** The reconnection delay: starts at {@code initial}, doubles per attempt up to {@code max}. */
        public Builder reconnectBackoff(Duration initial, Duration max) {
            if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("need 0 < initial <= max");
            }
            this.initialBackoff = initial;
            this.maxBackoff = max;
            return this;
        }

        /**
         * The password used to fetch a fresh token from {@code /tim2} when a token login has to be
         * repeated after a reconnect. Not needed if the same user also logged in by password on
         * this client.
         */
        public Builder tokenRenewalPassword(String pwd) {
            this.tokenRenewalPassword = pwd;
            return this;
        }

        /** The time allowed for a request's answer (login, ping, fetchOffline; pull's quiet period). */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive(timeout);
            return this;
        }

        /** The time allowed for opening the WebSocket. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout);
            return this;
        }

        /**
         * How often the WebSocket is probed with a control ping (default 1 s; {@link Duration#ZERO}
         * disables it). The JDK's WebSocket occasionally misses that the server dropped the TCP
         * connection without a close frame; the probe's failing write reveals it within about two
         * intervals. Control pings are answered by the server's WebSocket layer and are not tim
         * frames, so they do not count as tim PINGs.
         */
        public Builder connectionProbe(Duration interval) {
            if (interval.isNegative()) {
                throw new IllegalArgumentException("negative interval: " + interval);
            }
            this.probeInterval = interval;
            return this;
        }

        /** The {@code Origin} header of the handshake; {@code null} sends none. */
        public Builder origin(String origin) {
            this.origin = origin;
            return this;
        }

        /**
         * Whether inbound frames are kept in the inbox (default true). Turn off when frames are
         * consumed through the listener only (e.g. benchmarks), so the inbox does not grow.
         */
        public Builder inbox(boolean keep) {
            this.inbox = keep;
            return this;
        }

        /** Receives inbound frames and connection events. */
        public Builder listener(TimListener listener) {
            this.listener = listener;
            return this;
        }

        /**
         * The HTTP client for the WebSocket and for {@code /tim2} (e.g. with a custom SSLContext).
         * Default: one shared HTTP/1.1 client.
         */
        public Builder httpClient(HttpClient client) {
            this.httpClient = client;
            return this;
        }

        /** For tests: where connections come from. */
        Builder transportFactory(Transport.Factory factory) {
            this.transports = factory;
            return this;
        }

        /** For tests: where reconnection gets fresh tokens. */
        Builder tokenSource(TokenSource source) {
            this.tokens = source;
            return this;
        }

        /** For tests: where returned futures are completed and reconnections run. */
        Builder callbackExecutor(Executor executor) {
            this.callbacks = executor;
            return this;
        }

        public TimClient build() {
            return new TimClient(this);
        }

        private static Duration positive(Duration d) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("duration must be positive: " + d);
            }
            return d;
        }
    }
}
