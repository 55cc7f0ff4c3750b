package org.parley.interfaces.http;

import jakarta.inject.Inject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.parley.application.AccountService;
import org.parley.application.TimFailure;
import org.parley.infrastructure.config.ParleyConfig;
import org.parley.protocol.ClientFrame;
import org.parley.protocol.ErrorCode;
import org.parley.protocol.FrameType;
import org.parley.protocol.ProtocolException;
import org.parley.protocol.ServerFrame;
import org.parley.protocol.TimAck;
import org.parley.protocol.TimAuth;
import org.parley.protocol.WireCodec;

/**
 * {@code POST /tim2}: body {@code [14|15 (+0x80 for JSON)][TimAuth]}, answer {@code [0x0C][TimAck]} in the same mode.
 * <p>
 * A body that came whole with the headers is read at once; any other is read without blocking (a {@link
 * ReadListener}): a client that announces a body and sends it a byte at a time holds no request thread meanwhile,
 * so a crowd of such clients cannot starve the threads that also carry every WebSocket frame. A body not complete
 * within {@code parley.http.body-timeout} is answered 408 with {@code
 * Connection: close} (Grizzly drops the idle connection later); one announced or found longer than
 * {@value #MAX_BODY} bytes gets 413 without being read on.
 */
@WebServlet(urlPatterns = "/tim2", asyncSupported = true)
public class Tim2Servlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(Tim2Servlet.class.getName());

    /** A TimAuth is a few hundred bytes; anything much larger is not a register or token request. */
    static final int MAX_BODY = 64 * 1024;

    @Inject
    AccountService accounts;

    @Inject
    ParleyConfig config;

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (req.getContentLengthLong() > MAX_BODY) {
            refuse(resp, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "request body over " + MAX_BODY + " bytes");
            return;
        }
        // HTTP/1.x: neither a length nor chunks means no body. HTTP/2 may send a body without announcing its length.
        if (req.getContentLengthLong() == 0 || (req.getContentLengthLong() < 0 && req.getHeader("Transfer-Encoding") == null
                && req.getProtocol().startsWith("HTTP/1"))) {
            // No body at all: Grizzly never calls a read listener for one, so the request would wait for the timeout.
            answer(resp, new byte[0], req.getRemoteAddr());
            return;
        }
        ServletInputStream in = req.getInputStream();
        long length = req.getContentLengthLong();
        if (length > 0 && in.available() >= length) {
            // The usual case: the whole body came with the headers. Reading it cannot block, and answering at once
            // spares the container's read-listener callbacks, one of which may come after the request has ended
            // (a NullPointerException on a container thread).
            answer(resp, in.readNBytes((int) length), req.getRemoteAddr());
            return;
        }
        AsyncContext async = req.startAsync();
        async.setTimeout(config.httpBodyTimeout().toMillis());
        Body body = new Body(async, in, req.getRemoteAddr());
        async.addListener(body);
        in.setReadListener(body);
    }

    /** Collects one request's body as it arrives, then answers; or answers 408 / 413 and closes. */
    private final class Body implements ReadListener, AsyncListener {
        private final AsyncContext async;
        private final ServletInputStream in;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final byte[] chunk = new byte[4096];
        /** Set by whichever ends the request first: the answer, the timeout or an error. */
        private final AtomicBoolean ended = new AtomicBoolean();
        private final String address;

        Body(AsyncContext async, ServletInputStream in, String address) {
            this.async = async;
            this.in = in;
            this.address = address;
        }

        @Override
        public void onDataAvailable() throws IOException {
            // isFinished() may already say true while buffered bytes are still unread: read while isReady().
            while (in.isReady()) {
                int n = in.read(chunk);
                if (n < 0) {
                    break;
                }
                bytes.write(chunk, 0, n);
                if (bytes.size() > MAX_BODY) {
                    end(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "request body over " + MAX_BODY + " bytes");
                    return;
                }
            }
            // Grizzly does not always call onAllDataRead for a body it had whole before the listener was set.
            if (in.isFinished()) {
                onAllDataRead();
            }
        }

        @Override
        public void onAllDataRead() throws IOException {
            if (ended.compareAndSet(false, true)) {
                try {
                    answer((HttpServletResponse) async.getResponse(), bytes.toByteArray(), address);
                } finally {
                    async.complete();
                }
            }
        }

        @Override
        public void onError(Throwable t) {
            // The client went away or broke the request: nothing to answer.
            LOG.log(Level.FINE, "/tim2 body not read", t);
            if (ended.compareAndSet(false, true)) {
                async.complete();
            }
        }

        @Override
        public void onTimeout(AsyncEvent event) throws IOException {
            end(HttpServletResponse.SC_REQUEST_TIMEOUT, "request body not complete in " + config.httpBodyTimeout());
        }

        @Override
        public void onComplete(AsyncEvent event) {
        }

        @Override
        public void onError(AsyncEvent event) {
            onError(event.getThrowable());
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
        }

        private void end(int status, String message) throws IOException {
            if (ended.compareAndSet(false, true)) {
                try {
                    refuse((HttpServletResponse) async.getResponse(), status, message);
                } finally {
                    async.complete();
                }
            }
        }
    }

    /** An HTTP-level refusal; the rest of the body is not read, so the connection cannot be used again. */
    private static void refuse(HttpServletResponse resp, int status, String message) throws IOException {
        resp.setHeader("Connection", "close");
        resp.sendError(status, message);
    }

    private void answer(HttpServletResponse resp, byte[] body, String address) throws IOException {
        ClientFrame frame;
        try {
            frame = ClientFrame.parse(body);
        } catch (ProtocolException e) {
            reply(resp, false, failure(0, ErrorCode.PARAMETER_INCORRECT));
            return;
        }
        reply(resp, frame.json(), handle(frame, address));
    }

    private TimAck handle(ClientFrame frame, String address) {
        int type = frame.type();
        if (type != FrameType.REGISTER && type != FrameType.TOKEN) {
            return failure(type, ErrorCode.PARAMETER_INCORRECT);
        }
        try {
            TimAuth auth = WireCodec.of(frame.json())
                    .decode(frame.data(), frame.bodyOffset(), frame.bodyLength(), TimAuth.class);
            if (type == FrameType.REGISTER) {
                return new TimAck().setOk(true).setTimType((byte) type).setN(accounts.register(auth, address));
            }
            long token = accounts.issueToken(auth, address);
            return new TimAck().setOk(true).setTimType((byte) type).setN(Long.toString(token)).setT(token);
        } catch (ProtocolException e) {
            return failure(type, ErrorCode.PARAMETER_INCORRECT);
        } catch (TimFailure e) {
            return failure(type, e.code());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "/tim2 request failed", e);
            return failure(type, ErrorCode.DATABASE_ERROR);
        }
    }

    private static TimAck failure(int type, ErrorCode code) {
        return new TimAck().setOk(false).setTimType((byte) type).setError(code.toTimError());
    }

    private static void reply(HttpServletResponse resp, boolean json, TimAck ack) throws IOException {
        byte[] out = ServerFrame.plain(FrameType.ACK, WireCodec.of(json).encode(ack));
        resp.setStatus(HttpServletResponse.SC_OK);
        resp.setContentType("application/octet-stream");
        resp.setContentLength(out.length);
        resp.getOutputStream().write(out);
    }
}
