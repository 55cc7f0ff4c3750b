package org.parley.application;

import jakarta.ejb.EJBException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.parley.domain.ChatId;
import org.parley.domain.Message;
import org.parley.domain.MessageStore;
import org.parley.domain.OfflineItem;
import org.parley.domain.OfflineRef;

/**
 * History per chat (mids from 1, timestamps strictly increasing with mid) and offline queue entries, which refer
 * to a stored message (by chat and mid) or carry a whole message that history does not keep.
 */
final class InMemoryMessageStore implements MessageStore {

    /** One offline queue entry; {@code mid} 0 and a payload for messages that are not kept in history. */
    record Entry(OfflineRef ref, String recipient, long mid, byte[] payload, long timestamp) {
    }

    private final Map<ChatId, TreeMap<Long, Message>> chats = new HashMap<>();
    private final Map<OfflineRef, Entry> queue = new LinkedHashMap<>();
    private long nextEntryId = 1;

    /** The next this many appends fail as a first message losing the race for its chat's sequence row does. */
    int failingAppends;
    int appendCalls;

    @Override
    public Appended append(Message draft, Collection<String> recipients) {
        appendCalls++;
        if (failingAppends > 0) {
            failingAppends--;
            throw new EJBException("duplicate key: chat sequence row");
        }
        TreeMap<Long, Message> chat = chats.computeIfAbsent(draft.chat(), c -> new TreeMap<>());
        long mid = chat.isEmpty() ? 1 : chat.lastKey() + 1;
        long timestamp = chat.isEmpty() ? draft.timestamp() : Math.max(draft.timestamp(), chat.lastEntry().getValue().timestamp() + 1);
        Message stored = draft.stamped(mid, timestamp);
        chat.put(mid, stored);
        Map<String, OfflineRef> queued = new LinkedHashMap<>();
        for (String recipient : recipients) {
            OfflineRef ref = new OfflineRef(draft.chat(), nextEntryId++);
            queue.put(ref, new Entry(ref, recipient, mid, null, timestamp));
            queued.put(recipient, ref);
        }
        return new Appended(stored, queued);
    }

    @Override
    public List<Message> history(ChatId chat, long maxMid, long maxTimestamp, int limit) {
        return chat(chat).descendingMap().values().stream()
                .filter(m -> maxMid == 0 || m.mid() <= maxMid)
                .filter(m -> maxTimestamp == 0 || m.timestamp() <= maxTimestamp)
                .limit(limit).toList();
    }

    @Override
    public List<Message> after(ChatId chat, long afterMid, int limit) {
        return chat(chat).tailMap(afterMid, false).values().stream().limit(limit).toList();
    }

    @Override
    public Optional<Message> find(ChatId chat, long mid) {
        return Optional.ofNullable(chat(chat).get(mid));
    }

    @Override
    public boolean remove(ChatId chat, long mid) {
        boolean removed = chat(chat).remove(mid) != null;
        queue.values().removeIf(e -> e.ref().chat().equals(chat) && e.mid() == mid);
        return removed;
    }

    @Override
    public OfflineRef enqueue(String recipient, byte[] message, long timestamp) {
        OfflineRef ref = new OfflineRef(ChatId.queueOf(recipient), nextEntryId++);
        queue.put(ref, new Entry(ref, recipient, 0, message.clone(), timestamp));
        return ref;
    }

    @Override
    public List<OfflineItem> pending(String recipient, int limit) {
        List<OfflineItem> items = new ArrayList<>();
        queue.values().stream().filter(e -> e.recipient().equals(recipient))
                .sorted(Comparator.comparingLong(Entry::timestamp)).forEach(e -> {
                    if (e.payload() != null) {
                        items.add(OfflineItem.queued(e.ref(), e.payload(), e.timestamp()));
                    } else {
                        find(e.ref().chat(), e.mid()).ifPresent(m -> items.add(OfflineItem.stored(e.ref(), m)));
                    }
                });
        return items.stream().limit(limit).toList();
    }

    @Override
    public void removeOffline(Collection<OfflineRef> refs) {
        refs.forEach(queue::remove);
    }

    /** The chat's stored messages, oldest first. */
    List<Message> messagesOf(ChatId chat) {
        return List.copyOf(chat(chat).values());
    }

    /** Every chat that has stored messages. */
    List<ChatId> chats() {
        return chats.entrySet().stream().filter(e -> !e.getValue().isEmpty()).map(Map.Entry::getKey).toList();
    }

    /** The entries queued for a user, in the order they were queued. */
    List<Entry> queuedFor(String recipient) {
        return queue.values().stream().filter(e -> e.recipient().equals(recipient)).toList();
    }

    private TreeMap<Long, Message> chat(ChatId chat) {
        return chats.getOrDefault(chat, new TreeMap<>());
    }
}
