package org.parley.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal XMPP client on the {@link NioLoop}, enough for a room fan-out peer: the stream (RFC 6120) without TLS,
 * SASL ANONYMOUS, resource binding, the session (only when the server says it is not optional), joining a multi-user
 * chat room (XEP-0045, no history), configuring it as an instant room, and groupchat messages both ways. Whitespace
 * keepalives; a server's request (iq get/set) is refused, as XMPP asks of a client that does not support it.
 *
 * <p>The XML reader is just enough for what an XMPP server sends a client: the stream header, then complete child
 * elements of the stream (stanzas) with attributes in either quote, the five predefined entities and character
 * references. Comments, CDATA, DOCTYPE and processing instructions other than the XML declaration are refused
 * (RFC 6120 forbids all but CDATA in a stream, and no server sends that to this client). Namespace prefixes are kept
 * as part of the name ({@code stream:features}), which is what the servers write.
 *
 * <p>Anything refused (SASL failure, stream error, error stanza) closes the connection with that as the cause.
 */
final class XmppClient extends NioConnection {

    /** What an XMPP user sees; every call comes on the selector thread. */
    interface Listener {
        /** Authenticated and bound (session started if it had to be): {@code jid} is the full JID bound. */
        void onReady(XmppClient xmpp, String jid);

        /** The room's self-presence (status 110) for the nick {@link #join} asked for. */
        void onJoined(XmppClient xmpp, String room);

        /** An iq result for a request of this client (e.g. {@link #configureInstantRoom}). */
        void onResult(XmppClient xmpp, String id);

        /** A groupchat message with a body ({@code from}: room/nick of the sender). */
        void onGroupchat(XmppClient xmpp, String from, String body);

        void onClosed(XmppClient xmpp, Throwable cause);
    }

    static final String MUC = "http://jabber.org/protocol/muc";
    private static final String BIND_ID = "bind";
    private static final String SESSION_ID = "session";

    private final String domain;
    private final String resource;
    private final Listener listener;
    /** Between a stream header and SASL success / the next header; the reader's state across reads. */
    private boolean streamOpen;
    private boolean authenticated;
    private boolean sessionRequired;
    private String jid;
    /** The room/nick of the pending or last join, to recognise its self-presence. */
    private String joining;
    private int nextId = 1;

    XmppClient(String domain, String resource, Listener listener) {
        this.domain = domain;
        this.resource = resource;
        this.listener = listener;
    }

    String jid() {
        return jid;
    }

    @Override
    void onConnected() {
        openStream();
    }

    private void openStream() {
        send("<?xml version='1.0'?><stream:stream to='" + escape(domain) + "' xmlns='jabber:client'"
                + " xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>");
    }

    /** Enters {@code room} (a bare room JID) as {@code nick}, asking for no history. Call on the selector thread. */
    void join(String room, String nick) {
        joining = room + "/" + nick;
        send("<presence to='" + escape(joining) + "'><x xmlns='" + MUC + "'><history maxstanzas='0'/></x></presence>");
    }

    /**
     * Accepts the default configuration of a room this client just created (XEP-0045's "instant room"), which
     * unlocks it on servers that keep a new room locked until its owner configures it. Returns the iq's id.
     */
    String configureInstantRoom(String room) {
        String id = "c" + nextId++;
        send("<iq type='set' id='" + id + "' to='" + escape(room) + "'><query xmlns='" + MUC + "#owner'>"
                + "<x xmlns='jabber:x:data' type='submit'/></query></iq>");
        return id;
    }

    /** Sends {@code body} to everybody in {@code room}. Call on the selector thread. */
    void groupchat(String room, String body) {
        send("<message to='" + escape(room) + "' type='groupchat'><body>" + escape(body) + "</body></message>");
    }

    /** A whitespace keepalive (RFC 6120 4.6.1). */
    void ping() {
        send(" ");
    }

    /** Closes the stream, then the socket. */
    void disconnect() {
        if (!isClosed()) {
            send("</stream:stream>");
            closeNow();
        }
    }

    private void send(String xml) {
        write(ByteBuffer.wrap(xml.getBytes(StandardCharsets.UTF_8)));
    }

    // ---- reading

    @Override
    void parse(ByteBuffer in) throws IOException {
        while (!isClosed()) {
            int start = in.position();
            int end = unit(in, start);
            if (end < 0) {
                in.position(start); // incomplete: wait for more bytes
                return;
            }
            in.position(end);
            if (in.get(start) != '<') {
                continue; // whitespace between stanzas (a keepalive)
            }
            byte second = in.get(start + 1);
            if (second == '?') {
                continue; // the XML declaration before a stream header
            }
            String xml = utf8(in, start, end);
            if (second == '/') { // only </stream:stream> closes at this level
                remoteClosed();
                return;
            }
            if (!streamOpen) {
                if (!xml.startsWith("<stream:stream")) {
                    throw new IOException("expected a stream header, got " + abbreviate(xml));
                }
                streamOpen = true;
                continue;
            }
            stanza(Element.parse(xml));
        }
    }

    /**
     * The end (exclusive) of the next complete unit at {@code start}: text up to the next '<', the XML declaration,
     * the stream header (a start tag alone, while no stream is open), the stream's end tag, or a whole child
     * element of the stream; -1 if the bytes end first.
     */
    private int unit(ByteBuffer in, int start) throws IOException {
        int limit = in.limit();
        if (start >= limit) {
            return -1;
        }
        if (in.get(start) != '<') {
            int i = start;
            while (i < limit && in.get(i) != '<') {
                i++;
            }
            return i;
        }
        int depth = 0;
        int i = start;
        while (true) {
            while (i < limit && in.get(i) != '<') {
                i++; // text inside the element
            }
            if (i + 1 >= limit) {
                return -1;
            }
            byte kind = in.get(i + 1);
            if (kind == '?') {
                int close = find(in, i + 2, limit, "?>");
                if (close < 0) {
                    return -1;
                }
                if (depth == 0) {
                    return close + 2;
                }
                throw new IOException("processing instruction inside a stanza");
            }
            if (kind == '!') {
                throw new IOException("comments, CDATA and DOCTYPE are not supported");
            }
            int close = tagEnd(in, i + 1, limit);
            if (close < 0) {
                return -1;
            }
            if (kind == '/') {
                if (depth == 0) {
                    return close + 1; // </stream:stream>
                }
                depth--;
            } else if (in.get(close - 1) != '/') {
                depth++;
                if (!streamOpen && depth == 1) {
                    return close + 1; // the stream header stays open
                }
            }
            i = close + 1;
            if (depth == 0) {
                return i;
            }
        }
    }

    /** The index of the '>' ending the tag whose name starts at {@code from}, skipping quoted values; or -1. */
    private static int tagEnd(ByteBuffer in, int from, int limit) {
        byte quote = 0;
        for (int i = from; i < limit; i++) {
            byte b = in.get(i);
            if (quote != 0) {
                if (b == quote) {
                    quote = 0;
                }
            } else if (b == '\'' || b == '"') {
                quote = b;
            } else if (b == '>') {
                return i;
            }
        }
        return -1;
    }

    private static int find(ByteBuffer in, int from, int limit, String ascii) {
        outer:
        for (int i = from; i + ascii.length() <= limit; i++) {
            for (int j = 0; j < ascii.length(); j++) {
                if (in.get(i + j) != ascii.charAt(j)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static String utf8(ByteBuffer in, int start, int end) {
        byte[] bytes = new byte[end - start];
        in.get(start, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private void stanza(Element e) throws IOException {
        switch (e.name) {
            case "message" -> {
                String type = e.attr("type");
                if ("error".equals(type)) {
                    throw new IOException("message error from " + e.attr("from") + ": " + e.errorCondition());
                }
                Element body = e.child("body");
                if ("groupchat".equals(type) && body != null) {
                    listener.onGroupchat(this, e.attr("from"), body.text());
                }
            }
            case "presence" -> {
                if ("error".equals(e.attr("type"))) {
                    throw new IOException("presence error from " + e.attr("from") + ": " + e.errorCondition());
                }
                Element user = e.child("x");
                if (user != null && (MUC + "#user").equals(user.attr("xmlns")) && e.attr("from") != null
                        && e.attr("from").equals(joining)) {
                    for (Element status : user.children) {
                        if (status.name.equals("status") && "110".equals(status.attr("code"))) {
                            listener.onJoined(this, joining.substring(0, joining.lastIndexOf('/')));
                        }
                    }
                }
            }
            case "iq" -> iq(e);
            case "stream:features" -> features(e);
            case "success" -> {
                // RFC 6120 6.4.6: both sides start a new stream over the same connection.
                authenticated = true;
                streamOpen = false;
                openStream();
            }
            case "failure" -> throw new IOException("SASL failure: " + e.children.stream().map(c -> c.name).toList());
            case "stream:error" -> throw new IOException("stream error: " + e.children.stream().map(c -> c.name).toList());
            default -> {
                // nothing else is asked for
            }
        }
    }

    private void features(Element features) throws IOException {
        if (!authenticated) {
            Element mechanisms = features.child("mechanisms");
            boolean anonymous = mechanisms != null && mechanisms.children.stream()
                    .anyMatch(m -> m.name.equals("mechanism") && m.text().equals("ANONYMOUS"));
            if (!anonymous) {
                throw new IOException("the server offers no SASL ANONYMOUS (an anonymous host is needed)");
            }
            send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='ANONYMOUS'/>");
            return;
        }
        if (features.child("bind") == null) {
            throw new IOException("no resource binding offered");
        }
        Element session = features.child("session");
        sessionRequired = session != null && session.child("optional") == null;
        send("<iq type='set' id='" + BIND_ID + "'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>"
                + escape(resource) + "</resource></bind></iq>");
    }

    private void iq(Element iq) throws IOException {
        String type = iq.attr("type");
        String id = iq.attr("id");
        if ("get".equals(type) || "set".equals(type)) {
            send("<iq type='error' id='" + escape(id == null ? "" : id) + "'"
                    + (iq.attr("from") == null ? "" : " to='" + escape(iq.attr("from")) + "'")
                    + "><error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
                    + "</error></iq>");
            return;
        }
        if ("error".equals(type)) {
            throw new IOException("iq " + id + " refused: " + iq.errorCondition());
        }
        if (BIND_ID.equals(id)) {
            Element bind = iq.child("bind");
            Element bound = bind == null ? null : bind.child("jid");
            if (bound == null) {
                throw new IOException("bind result without a jid");
            }
            jid = bound.text();
            if (sessionRequired) {
                send("<iq type='set' id='" + SESSION_ID + "'><session xmlns='urn:ietf:params:xml:ns:xmpp-session'/></iq>");
            } else {
                listener.onReady(this, jid);
            }
        } else if (SESSION_ID.equals(id)) {
            listener.onReady(this, jid);
        } else {
            listener.onResult(this, id);
        }
    }

    @Override
    void onClosed(Throwable cause) {
        listener.onClosed(this, cause);
    }

    static String escape(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String entity = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '\'' -> "&apos;";
                case '"' -> "&quot;";
                default -> null;
            };
            if (entity != null && out == null) {
                out = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (out != null) {
                if (entity != null) {
                    out.append(entity);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? s : out.toString();
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    /** One element of a stanza: name (with its prefix), attributes, child elements and the text directly in it. */
    static final class Element {
        final String name;
        final Map<String, String> attributes = new LinkedHashMap<>(4);
        final List<Element> children = new ArrayList<>(2);
        private final StringBuilder text = new StringBuilder();

        private Element(String name) {
            this.name = name;
        }

        String attr(String key) {
            return attributes.get(key);
        }

        /** The first child of that name, or null. */
        Element child(String childName) {
            for (Element c : children) {
                if (c.name.equals(childName)) {
                    return c;
                }
            }
            return null;
        }

        String text() {
            return text.toString();
        }

        /** The defined condition of an error stanza (the element in its {@code <error/>}), for messages. */
        String errorCondition() {
            Element error = child("error");
            return error == null || error.children.isEmpty() ? "(no condition)" : error.children.get(0).name;
        }

        /** Parses one complete element, as {@link #unit} delimits it. */
        static Element parse(String xml) throws IOException {
            return element(xml, new int[] {0});
        }

        private static Element element(String xml, int[] at) throws IOException {
            int i = at[0];
            if (xml.charAt(i) != '<') {
                throw new IOException("expected '<' at " + i);
            }
            int nameEnd = i + 1;
            while (nameEnd < xml.length() && !isSpace(xml.charAt(nameEnd)) && xml.charAt(nameEnd) != '>'
                    && xml.charAt(nameEnd) != '/') {
                nameEnd++;
            }
            Element e = new Element(xml.substring(i + 1, nameEnd));
            i = nameEnd;
            while (true) { // attributes
                while (isSpace(xml.charAt(i))) {
                    i++;
                }
                char c = xml.charAt(i);
                if (c == '/') {
                    at[0] = i + 2; // "/>"
                    return e;
                }
                if (c == '>') {
                    i++;
                    break;
                }
                int eq = xml.indexOf('=', i);
                String key = xml.substring(i, eq).trim();
                int open = eq + 1;
                while (isSpace(xml.charAt(open))) {
                    open++;
                }
                char quote = xml.charAt(open);
                int close = xml.indexOf(quote, open + 1);
                if ((quote != '\'' && quote != '"') || close < 0) {
                    throw new IOException("malformed attribute " + key + " in <" + e.name + ">");
                }
                e.attributes.put(key, unescape(xml, open + 1, close));
                i = close + 1;
            }
            while (true) { // content
                int lt = xml.indexOf('<', i);
                if (lt < 0) {
                    throw new IOException("unclosed <" + e.name + ">");
                }
                if (lt > i) {
                    e.text.append(unescape(xml, i, lt));
                }
                if (xml.startsWith("</", lt)) {
                    int gt = xml.indexOf('>', lt);
                    String closing = xml.substring(lt + 2, gt).trim();
                    if (!closing.equals(e.name)) {
                        throw new IOException("</" + closing + "> closes <" + e.name + ">");
                    }
                    at[0] = gt + 1;
                    return e;
                }
                at[0] = lt;
                e.children.add(element(xml, at));
                i = at[0];
            }
        }

        private static boolean isSpace(char c) {
            return c == ' ' || c == '\t' || c == '\n' || c == '\r';
        }

        private static String unescape(String xml, int from, int to) throws IOException {
            int amp = xml.indexOf('&', from);
            if (amp < 0 || amp >= to) {
                return xml.substring(from, to);
            }
            StringBuilder out = new StringBuilder(to - from);
            int i = from;
            while (i < to) {
                char c = xml.charAt(i);
                if (c != '&') {
                    out.append(c);
                    i++;
                    continue;
                }
                int semi = xml.indexOf(';', i);
                if (semi < 0 || semi >= to) {
                    throw new IOException("unterminated entity");
                }
                String ref = xml.substring(i + 1, semi);
                switch (ref) {
                    case "amp" -> out.append('&');
                    case "lt" -> out.append('<');
                    case "gt" -> out.append('>');
                    case "apos" -> out.append('\'');
                    case "quot" -> out.append('"');
                    default -> {
                        if (!ref.startsWith("#")) {
                            throw new IOException("unknown entity &" + ref + ";");
                        }
                        int code = ref.startsWith("#x") ? Integer.parseInt(ref.substring(2), 16)
                                : Integer.parseInt(ref.substring(1));
                        out.appendCodePoint(code);
                    }
                }
                i = semi + 1;
            }
            return out.toString();
        }
    }
}
