package org.parley.application;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.List;
import org.parley.domain.MessageStore;
import org.parley.domain.OfflineRef;
import org.parley.infrastructure.cluster.ClusterRouter;
import org.parley.protocol.FrameType;
import org.parley.protocol.ThriftCodec;
import org.parley.protocol.Tid;
import org.parley.protocol.TimMessage;

/**
 * Ack-required delivery with tim's offline fallback, for every kind of message: the message is already in the
 * recipient's offline queue when the push goes out, and leaves it only when a device acknowledged the push. So a
 * node dying at any moment can cause a duplicate (same id/mid), never a loss.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class DeliveryService {

    @Inject
    MessageStore messages;

    @Inject
    ClusterRouter router;

    /** Pushes a message whose queue entry was written with it (stored kinds). */
    public void push(String recipient, TimMessage message, OfflineRef queued) {
        MessageStore store = messages;
        router.push(recipient, FrameType.MESSAGE, message).thenAccept(acked -> {
            if (acked) {
                store.removeOffline(List.of(queued));
            }
        });
    }

    /**
     * Queues and pushes a message that is not kept in history (notices, revokes, burns, business and user-defined
     * kinds). Its offline copy keeps {@code id} and {@code mid}, with the sender reduced to its node.
     */
    public void pushQueued(String recipient, TimMessage message) {
        TimMessage offlineCopy = message.copy();
        if (offlineCopy.getFromTid() != null) {
            offlineCopy.setFromTid(new Tid(offlineCopy.getFromTid().getNode()));
        }
        long timestamp = message.getTimestamp() == null ? 0 : message.getTimestamp();
        OfflineRef queued = messages.enqueue(recipient, ThriftCodec.INSTANCE.encode(offlineCopy), timestamp);
        push(recipient, message, queued);
    }
}
