package org.parley.application;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.parley.domain.RoomStore;

/**
 * A node's copy of rooms, as the real directory keeps it: a room's view is loaded from the store once and kept
 * until {@link #changed} drops it, so a change that is not announced leaves a stale view behind (as it would on
 * every node of a cluster). Each announcement is recorded with what the store held at that moment, so a test can
 * also tell an announcement that came before the change was committed.
 */
final class FakeRoomDirectory implements RoomDirectory {

    /** One {@link #changed} call and the room as committed when it was made. */
    record Invalidation(String room, View committed) {
    }

    private final RoomStore store;
    private final Map<String, View> views = new HashMap<>();
    final List<Invalidation> invalidations = new ArrayList<>();

    FakeRoomDirectory(RoomStore store) {
        this.store = store;
    }

    @Override
    public View view(String room) {
        View cached = views.get(room);
        if (cached != null) {
            return cached;
        }
        View loaded = load(room);
        if (loaded != View.MISSING) { // as the real one: unknown rooms are not kept
            views.put(room, loaded);
        }
        return loaded;
    }

    @Override
    public void changed(String room) {
        invalidations.add(new Invalidation(room, load(room)));
        views.remove(room);
    }

    List<String> invalidatedRooms() {
        return invalidations.stream().map(Invalidation::room).toList();
    }

    private View load(String room) {
        return store.find(room)
                .map(r -> new View(!r.cancelled(), Set.copyOf(store.members(room))))
                .orElse(View.MISSING);
    }
}
