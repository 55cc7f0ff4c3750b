package org.parley.interfaces.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.websocket.server.ServerContainer;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.parley.infrastructure.config.ParleyConfig;

/**
 * The idle timeout must reach the container as its default before any socket opens (the race SocketIdleTimeout
 * explains cannot be provoked reliably from outside a server, so the mechanism itself is what is checked).
 */
class SocketIdleTimeoutTest {

    @Test
    void thePingTimeoutBecomesTheContainersDefaultIdleTimeout() {
        AtomicLong defaultIdle = new AtomicLong(-1);
        ServerContainer container = (ServerContainer) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ServerContainer.class}, (proxy, method, args) -> {
                    if (method.getName().equals("setDefaultMaxSessionIdleTimeout")) {
                        defaultIdle.set((Long) args[0]);
                    }
                    return null;
                });
        listener(Duration.ofSeconds(42)).contextInitialized(new ServletContextEvent(context(container)));
        assertEquals(42_000, defaultIdle.get());
    }

    @Test
    void withoutAWebSocketContainerTheApplicationDoesNotStart() {
        SocketIdleTimeout listener = listener(Duration.ofSeconds(42));
        ServletContextEvent event = new ServletContextEvent(context(null));
        assertThrows(IllegalStateException.class, () -> listener.contextInitialized(event));
    }

    private static SocketIdleTimeout listener(Duration pingTimeout) {
        SocketIdleTimeout listener = new SocketIdleTimeout();
        listener.config = new ParleyConfig() {
            @Override
            public Duration pingTimeout() {
                return pingTimeout;
            }
        };
        return listener;
    }

    private static ServletContext context(ServerContainer container) {
        return (ServletContext) Proxy.newProxyInstance(SocketIdleTimeoutTest.class.getClassLoader(),
                new Class<?>[] {ServletContext.class}, (proxy, method, args) ->
                        method.getName().equals("getAttribute") && ServerContainer.class.getName().equals(args[0])
                                ? container : null);
    }
}
