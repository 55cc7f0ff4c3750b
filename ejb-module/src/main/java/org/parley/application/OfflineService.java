package org.parley.application;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.parley.domain.MessageStore;
import org.parley.domain.OfflineItem;
import org.parley.domain.OfflineRef;
import org.parley.infrastructure.config.ParleyConfig;
import org.parley.protocol.ThriftCodec;
import org.parley.protocol.TimMessage;
import org.parley.protocol.TimMessageList;

/**
 * TIMOFFLINEMSG (17): hands out a user's queued messages a batch at a time. Entries are deleted only when the
 * batch was acknowledged, so a batch lost on the way is simply handed out again.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED) // each store call is its own shard transaction
public class OfflineService {

    @Inject
    MessageStore messages;

    @Inject
    ParleyConfig config;

    /** The next batch, oldest first, or empty when nothing is queued. */
    public Optional<Batch> nextBatch(String userNode) {
        List<OfflineItem> items = messages.pending(userNode, config.offlineBatch());
        if (items.isEmpty()) {
            return Optional.empty();
        }
        List<TimMessage> list = items.stream()
                .map(OfflineService::toWire)
                .toList();
        return Optional.of(new Batch(
                new TimMessageList().setId(ThreadLocalRandom.current().nextLong()).setMessageList(list),
                items.stream().map(OfflineItem::ref).toList()));
    }

    private static TimMessage toWire(OfflineItem item) {
        TimMessage m = item.stored() != null
                ? MessageContent.toWire(item.stored())
                : ThriftCodec.INSTANCE.decode(item.queued(), TimMessage.class);
        return m.setIsOffline(true);
    }

    public void acknowledge(Batch batch) {
        messages.removeOffline(batch.refs());
    }

    public record Batch(TimMessageList list, List<OfflineRef> refs) {
    }
}
