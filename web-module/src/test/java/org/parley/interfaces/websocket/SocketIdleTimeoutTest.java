package org.parley.interfaces.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.websocket.server.ServerContainer;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The container's idle timeout must be off (0) before any socket opens (the race SocketIdleTimeout explains cannot
 * be provoked reliably from outside a server, so the mechanism itself is what is checked).
 */
class SocketIdleTimeoutTest {

    @Test
    void theContainersDefaultIdleTimeoutIsTurnedOff() {
        AtomicLong defaultIdle = new AtomicLong(-1);
        ServerContainer container = (ServerContainer) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ServerContainer.class}, (proxy, method, args) -> {
                    if (method.getName().equals("setDefaultMaxSessionIdleTimeout")) {
                        defaultIdle.set((Long) args[0]);
                    }
                    return null;
                });
        new SocketIdleTimeout().contextInitialized(new ServletContextEvent(context(container)));
        assertEquals(0, defaultIdle.get());
    }

    @Test
    void withoutAWebSocketContainerTheApplicationDoesNotStart() {
        SocketIdleTimeout listener = new SocketIdleTimeout();
        ServletContextEvent event = new ServletContextEvent(context(null));
        assertThrows(IllegalStateException.class, () -> listener.contextInitialized(event));
    }

    private static ServletContext context(ServerContainer container) {
        return (ServletContext) Proxy.newProxyInstance(SocketIdleTimeoutTest.class.getClassLoader(),
                new Class<?>[] {ServletContext.class}, (proxy, method, args) ->
                        method.getName().equals("getAttribute") && ServerContainer.class.getName().equals(args[0])
                                ? container : null);
    }
}
