package org.parley.application;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.parley.domain.ChatId;
import org.parley.domain.Membership;
import org.parley.domain.Message;
import org.parley.domain.MessageStore;
import org.parley.domain.RoomStore;
import org.parley.domain.OfflineItem;
import org.parley.domain.OfflineRef;
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
    Settings config;

    @Inject
    RoomStore rooms;

    @Inject
    Delivery delivery;

    /**
     * The next batch, oldest first, or empty when nothing is waiting: queued entries (1:1 messages, notices) and
     * room messages above the user's delivery cursor in each of their rooms.
     */
    public Optional<Batch> nextBatch(String userNode) {
        flushDeliveries(userNode);
        int size = config.offlineBatch();
        List<Pending> candidates = new ArrayList<>();
        messages.pending(userNode, size).forEach(i -> candidates.add(new Pending(i.timestamp(), toWire(i), i.ref(), null, 0)));
        for (Membership m : rooms.roomsOf(userNode)) {
            for (Message stored : messages.after(ChatId.room(m.room()), m.deliveredMid(), size)) {
                candidates.add(new Pending(stored.timestamp(), MessageContent.toWire(stored).setIsOffline(true), null,
                        m.room(), stored.mid()));
            }
        }
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        candidates.sort(Comparator.comparingLong(Pending::timestamp));
        List<Pending> batch = candidates.subList(0, Math.min(size, candidates.size()));
        Map<String, Long> roomCursors = new HashMap<>();
        List<OfflineRef> refs = new ArrayList<>();
        for (Pending p : batch) {
            if (p.ref() != null) {
                refs.add(p.ref());
            } else {
                roomCursors.merge(p.room(), p.mid(), Math::max);
            }
        }
        return Optional.of(new Batch(
                new TimMessageList().setId(ThreadLocalRandom.current().nextLong())
                        .setMessageList(batch.stream().map(Pending::message).toList()),
                refs, roomCursors));
    }

    /**
     * Writes what this node knows about room messages that reached the user live into their delivery cursors, so
     * offline delivery does not hand them out again.
     */
    public void flushDeliveries(String userNode) {
        delivery.deliveredRoomMessages(userNode).forEach((room, mid) -> rooms.delivered(room, userNode, mid));
    }

    private static TimMessage toWire(OfflineItem item) {
        TimMessage m = item.stored() != null
                ? MessageContent.toWire(item.stored())
                : ThriftCodec.INSTANCE.decode(item.queued(), TimMessage.class);
        return m.setIsOffline(true);
    }

    public void acknowledge(Batch batch, String userNode) {
        if (!batch.refs().isEmpty()) {
            messages.removeOffline(batch.refs());
        }
        batch.roomCursors().forEach((room, mid) -> rooms.delivered(room, userNode, mid));
    }

    /**
     * One batch as sent: its queue entries to delete and, per room, the mid the user's cursor moves to once the
     * batch is acknowledged.
     */
    public record Batch(TimMessageList list, List<OfflineRef> refs, Map<String, Long> roomCursors) {
    }

    private record Pending(long timestamp, TimMessage message, OfflineRef ref, String room, long mid) {
    }
}
