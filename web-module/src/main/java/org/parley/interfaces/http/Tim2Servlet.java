package org.parley.interfaces.http;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.parley.application.AccountService;
import org.parley.application.TimFailure;
import org.parley.protocol.ClientFrame;
import org.parley.protocol.ErrorCode;
import org.parley.protocol.FrameType;
import org.parley.protocol.ProtocolException;
import org.parley.protocol.ServerFrame;
import org.parley.protocol.TimAck;
import org.parley.protocol.TimAuth;
import org.parley.protocol.WireCodec;

/** {@code POST /tim2}: body {@code [14|15 (+0x80 for JSON)][TimAuth]}, answer {@code [0x0C][TimAck]} in the same mode. */
@WebServlet("/tim2")
public class Tim2Servlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(Tim2Servlet.class.getName());

    /** A TimAuth is a few hundred bytes; anything much larger is not a register or token request. */
    private static final int MAX_BODY = 64 * 1024;

    @Inject
    AccountService accounts;

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        byte[] body;
        try (InputStream in = req.getInputStream()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            resp.sendError(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "request body over " + MAX_BODY + " bytes");
            return;
        }
        ClientFrame frame;
        try {
            frame = ClientFrame.parse(body);
        } catch (ProtocolException e) {
            reply(resp, false, failure(0, ErrorCode.PARAMETER_INCORRECT));
            return;
        }
        reply(resp, frame.json(), handle(frame));
    }

    private TimAck handle(ClientFrame frame) {
        int type = frame.type();
        if (type != FrameType.REGISTER && type != FrameType.TOKEN) {
            return failure(type, ErrorCode.PARAMETER_INCORRECT);
        }
        try {
            TimAuth auth = WireCodec.of(frame.json())
                    .decode(frame.data(), frame.bodyOffset(), frame.bodyLength(), TimAuth.class);
            if (type == FrameType.REGISTER) {
                return new TimAck().setOk(true).setTimType((byte) type).setN(accounts.register(auth));
            }
            long token = accounts.issueToken(auth);
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
