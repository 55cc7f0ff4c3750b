package org.parley.infrastructure.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.parley.application.DeviceConnection;
import org.parley.protocol.TimStruct;

/**
 * Delivers frames to every device of a user. A push counts as delivered when any device acknowledged it, as in
 * tim; devices are served in parallel, so one slow device does not delay the others.
 */
@ApplicationScoped
public class ClusterRouter {

    @Inject
    SessionDirectory sessions;

    /** Sends a plain frame to every device of the user. */
    public void send(String userNode, int frameType, TimStruct<?> struct) {
        for (DeviceConnection d : sessions.devicesOf(userNode)) {
            d.send(frameType, struct);
        }
    }

    /**
     * Pushes an ack-required frame to every device of the user.
     *
     * @return true once any device acknowledged; false if none is connected or none acknowledged
     */
    public CompletionStage<Boolean> push(String userNode, int frameType, TimStruct<?> struct) {
        List<DeviceConnection> devices = sessions.devicesOf(userNode);
        if (devices.isEmpty()) {
            return CompletableFuture.completedFuture(false);
        }
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        AtomicInteger outstanding = new AtomicInteger(devices.size());
        for (DeviceConnection d : devices) {
            d.push(frameType, struct).whenComplete((acked, error) -> {
                if (Boolean.TRUE.equals(acked)) {
                    result.complete(true);
                } else if (outstanding.decrementAndGet() == 0) {
                    result.complete(false);
                }
            });
        }
        return result;
    }
}
