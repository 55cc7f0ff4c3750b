package org.parley.application;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import org.parley.domain.MessageStore;
import org.parley.domain.OfflineRef;
import org.parley.protocol.ThriftCodec;
import org.parley.protocol.Tid;
import org.parley.protocol.TimMessage;

/**
 * tim's offline fallback for messages that are not kept in history (notices, revokes, burns, business and
 * user-defined kinds): the message is in the recipient's offline queue before the push goes out, and leaves it only
 * when a device acknowledged the push. So a node dying at any moment can cause a duplicate (same id/mid), never a
 * loss.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class DeliveryService {

    @Inject
    MessageStore messages;

    @Inject
    Delivery delivery;

    /** Queues and pushes; the offline copy keeps {@code id} and {@code mid}, with the sender reduced to its node. */
    public void pushQueued(String recipient, TimMessage message) {
        TimMessage offlineCopy = message.copy();
        if (offlineCopy.getFromTid() != null) {
            offlineCopy.setFromTid(new Tid(offlineCopy.getFromTid().getNode()));
        }
        long timestamp = message.getTimestamp() == null ? 0 : message.getTimestamp();
        OfflineRef queued = messages.enqueue(recipient, ThriftCodec.INSTANCE.encode(offlineCopy), timestamp);
        delivery.pushQueued(recipient, message, queued);
    }
}
