package org.parley.interfaces.websocket;

import jakarta.websocket.Session;
import java.lang.reflect.Method;
import java.util.logging.Logger;

/**
 * A socket's client address. The WebSocket API has no such call; Tyrus's session has {@code getRemoteAddr()}, called
 * by reflection so that nothing else here depends on Tyrus. Without it (another container) the per-address limits
 * do not apply to WebSocket logins, and the node says so once.
 */
final class RemoteAddress {

    private static final Logger LOG = Logger.getLogger(RemoteAddress.class.getName());
    private static volatile boolean warned;

    private RemoteAddress() {
    }

    /** The getter per session class, looked up once per class rather than once per socket. */
    private static final ClassValue<Method> GETTER = new ClassValue<>() {
        @Override
        protected Method computeValue(Class<?> type) {
            try {
                return type.getMethod("getRemoteAddr");
            } catch (NoSuchMethodException e) {
                return null;
            }
        }
    };

    static String of(Session session) {
        try {
            Method m = GETTER.get(session.getClass());
            if (m == null) {
                throw new NoSuchMethodException("getRemoteAddr");
            }
            Object address = m.invoke(session);
            return address == null ? null : address.toString();
        } catch (ReflectiveOperationException | RuntimeException e) {
            if (!warned) {
                warned = true;
                LOG.warning(() -> "the WebSocket container does not tell client addresses ("
                        + session.getClass().getName() + "): per-address limits do not apply to socket logins");
            }
            return null;
        }
    }
}
