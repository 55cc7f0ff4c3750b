package org.parley.interfaces.websocket;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.Optional;
import org.parley.infrastructure.config.ParleyConfig;

/**
 * Accepts any Origin (or none: tim's own clients send a fixed one, browsers their page's) unless
 * {@code parley.origin} names the one to require.
 */
public class OriginCheck extends ServerEndpointConfig.Configurator {

    @Override
    public boolean checkOrigin(String origin) {
        Optional<String> required = CDI.current().select(ParleyConfig.class).get().origin();
        return required.isEmpty() || required.get().equals(origin);
    }
}
