package org.parley.client;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.parley.protocol.ClientFrame;
import org.parley.protocol.FrameType;
import org.parley.protocol.ProtocolException;
import org.parley.protocol.TimAck;
import org.parley.protocol.TimAuth;
import org.parley.protocol.WireCodec;

/**
 * tim's HTTP side channel {@code /tim2} (§2): registration and login tokens.
 *
 * <p>Each call POSTs {@code [0x0E | 0x0F][TimAuth]} (bit 7 set and a JSON body in JSON mode) to
 * {@code http[s]://host:port/tim2}, with the {@code Origin} header atim and timgo send, and reads
 * {@code [0x0C][TimAck]} back. The endpoint is derived from any URL of the server, usually the
 * WebSocket one: {@code ws://} becomes {@code http://}, {@code wss://} becomes {@code https://}, and
 * the path becomes {@code /tim2}.
 *
 * <p>Thread-safe. TLS certificates are checked by the {@link HttpClient}; for self-signed servers
 * pass a client with a suitable {@link javax.net.ssl.SSLContext}.
 */
public final class TimHttp {

    /** The {@code Origin} header atim and timgo send; tim checks it only when configured to. */
    public static final String ORIGIN = "https://github.com/donnie4w/tim";
    /** The path of the side channel. */
    public static final String PATH = "/tim2";
    /** Default time allowed for one request. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient client;
    private final Duration timeout;

    /** Uses a shared HTTP/1.1 client and {@link #DEFAULT_TIMEOUT}. */
    public TimHttp() {
        this(SharedHttpClient.get(), DEFAULT_TIMEOUT);
    }

    /**
     * @param client the HTTP client to use (e.g. one with a custom {@code SSLContext})
     * @param timeout the time allowed for one request
     */
    public TimHttp(HttpClient client, Duration timeout) {
        this.client = Objects.requireNonNull(client, "client");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * The {@code /tim2} endpoint of the server at {@code base}: the scheme {@code ws}/{@code wss}
     * becomes {@code http}/{@code https} ({@code http}/{@code https} are kept), host and port are
     * kept, the path becomes {@code /tim2}, query and fragment are dropped.
     *
     * @throws IllegalArgumentException for other schemes or a URI without host
     */
    public static URI tim2Uri(URI base) {
        String scheme = base.getScheme() == null ? "" : base.getScheme().toLowerCase(Locale.ROOT);
        String httpScheme = switch (scheme) {
            case "ws", "http" -> "http";
            case "wss", "https" -> "https";
            default -> throw new IllegalArgumentException("not a ws, wss, http or https URI: " + base);
        };
        if (base.getHost() == null) {
            throw new IllegalArgumentException("URI without host: " + base);
        }
        try {
            return new URI(httpScheme, base.getUserInfo(), base.getHost(), base.getPort(), PATH, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot derive /tim2 from " + base, e);
        }
    }

    /**
     * Registers a user (§2, §7.1).
     *
     * @param base any URL of the server, usually {@code ws://host:port/tim}
     * @param domain optional; {@code null} leaves it out
     * @param json send the request as JSON ({@code 0x8E}) rather than Thrift ({@code 0x0E})
     * @return the new user's node ({@code TimAck.n})
     * @throws TimException if the server refused, e.g. code 4101 when the name is taken
     * @throws ProtocolException if the answer is not {@code [0x0C][TimAck]} (e.g. an empty body)
     * @throws IOException if the request failed
     */
    public String register(URI base, String name, String pwd, String domain, boolean json)
            throws IOException, InterruptedException {
        return nodeOf(post(base, FrameType.REGISTER, auth(name, pwd, domain), json));
    }

    /**
     * Obtains a single-use login token (§2.2) for {@link TimClient#loginByToken}.
     *
     * @return the token: {@code TimAck.n}, or the decimal text of {@code TimAck.t} if {@code n} is absent
     * @throws TimException if the server refused, e.g. code 4102 for a wrong password
     * @throws ProtocolException if the answer is not {@code [0x0C][TimAck]} or carries no token
     * @throws IOException if the request failed
     */
    public String token(URI base, String name, String pwd, String domain, boolean json)
            throws IOException, InterruptedException {
        return tokenOf(post(base, FrameType.TOKEN, auth(name, pwd, domain), json));
    }

    /** {@link #register} without blocking; fails with the same exceptions. */
    public CompletableFuture<String> registerAsync(URI base, String name, String pwd, String domain, boolean json) {
        return postAsync(base, FrameType.REGISTER, auth(name, pwd, domain), json).thenApply(TimHttp::nodeOf);
    }

    /** {@link #token} without blocking; fails with the same exceptions. */
    public CompletableFuture<String> tokenAsync(URI base, String name, String pwd, String domain, boolean json) {
        return postAsync(base, FrameType.TOKEN, auth(name, pwd, domain), json).thenApply(TimHttp::tokenOf);
    }

    /**
     * Sends {@code [type][auth]} and returns the server's ack whether it is ok or not.
     *
     * @param type {@link FrameType#REGISTER} or {@link FrameType#TOKEN} (any type is sent as given)
     * @throws ProtocolException if the answer is not {@code [0x0C][TimAck]}
     * @throws IOException if the request failed
     */
    public TimAck post(URI base, int type, TimAuth auth, boolean json) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = client.send(request(base, type, auth, json),
                HttpResponse.BodyHandlers.ofByteArray());
        return parseResponse(response.statusCode(), response.body(), json);
    }

    /** {@link #post} without blocking. */
    public CompletableFuture<TimAck> postAsync(URI base, int type, TimAuth auth, boolean json) {
        HttpRequest request;
        try {
            request = request(base, type, auth, json);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(r -> parseResponse(r.statusCode(), r.body(), json));
    }

    private HttpRequest request(URI base, int type, TimAuth auth, boolean json) {
        return HttpRequest.newBuilder(tim2Uri(base))
                .version(HttpClient.Version.HTTP_1_1)
                .timeout(timeout)
                .header("Origin", ORIGIN)
                .POST(HttpRequest.BodyPublishers.ofByteArray(requestBody(type, auth, json)))
                .build();
    }

    static TimAuth auth(String name, String pwd, String domain) {
        return new TimAuth().setName(name).setPwd(pwd).setDomain(domain);
    }

    /** {@code [type | json][TimAuth]}. */
    static byte[] requestBody(int type, TimAuth auth, boolean json) {
        return Requests.struct(type, json, auth);
    }

    /** Reads {@code [0x0C][TimAck]}; the ack is JSON when the request was (§2.2). */
    static TimAck parseResponse(int status, byte[] body, boolean json) {
        if (status != 200) {
            throw new ProtocolException("/tim2 answered HTTP " + status + " with " + body.length + " bytes");
        }
        if (body.length == 0) {
            throw new ProtocolException("/tim2 answered with an empty body");
        }
        ClientFrame frame = ClientFrame.parse(body); // same layout: [type][body]
        if (frame.type() != FrameType.ACK) {
            throw new ProtocolException("/tim2 answered with frame type " + FrameType.name(frame.type()) + ", not ACK");
        }
        return WireCodec.of(json).decode(body, 1, body.length - 1, TimAck.class);
    }

    private static String nodeOf(TimAck ack) {
        requireOk(ack);
        if (ack.getN() == null) {
            throw new ProtocolException("register ack without a node: " + ack);
        }
        return ack.getN();
    }

    private static String tokenOf(TimAck ack) {
        requireOk(ack);
        if (ack.getN() != null && !ack.getN().isEmpty()) {
            return ack.getN();
        }
        if (ack.getT() != null) {
            return Long.toString(ack.getT());
        }
        throw new ProtocolException("token ack without a token: " + ack);
    }

    private static void requireOk(TimAck ack) {
        if (!Boolean.TRUE.equals(ack.getOk())) {
            throw TimException.of(ack);
        }
    }
}
