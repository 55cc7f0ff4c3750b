package org.parley.infrastructure.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.parley.domain.ChatId;
import org.parley.domain.MessageStore;
import org.parley.domain.OfflineRef;

class OfflineRemovalsTest {

    /** Runs tasks only when told to, so the test decides what a drain finds waiting. */
    private static final class ManualExecutor extends AbstractExecutorService {
        final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

        @Override
        public void execute(Runnable command) {
            tasks.add(command);
        }

        void runAll() {
            Runnable r;
            while ((r = tasks.poll()) != null) {
                r.run();
            }
        }

        @Override
        public void shutdown() {
        }

        @Override
        public List<Runnable> shutdownNow() {
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }

    private final List<List<OfflineRef>> deletes = new ArrayList<>();
    private final ManualExecutor work = new ManualExecutor();

    private OfflineRemovals removals(boolean failFirst) {
        boolean[] failed = {!failFirst};
        MessageStore store = (MessageStore) Proxy.newProxyInstance(MessageStore.class.getClassLoader(),
                new Class<?>[] {MessageStore.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("removeOffline")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    if (!failed[0]) {
                        failed[0] = true;
                        throw new IllegalStateException("database down");
                    }
                    @SuppressWarnings("unchecked")
                    Collection<OfflineRef> refs = (Collection<OfflineRef>) args[0];
                    deletes.add(List.copyOf(refs));
                    return null;
                });
        OfflineRemovals removals = new OfflineRemovals();
        removals.messages = store;
        removals.executors = new DeliveryExecutors() {
            @Override
            public ExecutorService work() {
                return work;
            }
        };
        return removals;
    }

    private static OfflineRef ref(long id) {
        return new OfflineRef(ChatId.direct("a", "b"), id);
    }

    @Test
    void acknowledgements_that_arrive_while_no_delete_ran_yet_share_one_delete() {
        OfflineRemovals removals = removals(false);
        removals.acknowledged(ref(1));
        removals.acknowledged(ref(2));
        removals.acknowledged(ref(3));

        assertEquals(1, work.tasks.size(), "one drain scheduled for all three");
        work.runAll();

        assertEquals(List.of(List.of(ref(1), ref(2), ref(3))), deletes);
    }

    @Test
    void a_large_backlog_is_deleted_in_bounded_batches() {
        OfflineRemovals removals = removals(false);
        for (int i = 0; i < OfflineRemovals.BATCH + 1; i++) {
            removals.acknowledged(ref(i));
        }
        work.runAll();

        assertEquals(2, deletes.size());
        assertEquals(OfflineRemovals.BATCH, deletes.get(0).size());
        assertEquals(1, deletes.get(1).size());
    }

    @Test
    void a_failed_delete_does_not_stop_later_ones() {
        OfflineRemovals removals = removals(true);
        removals.acknowledged(ref(1));
        work.runAll();
        removals.acknowledged(ref(2));
        work.runAll();

        assertEquals(List.of(List.of(ref(2))), deletes);
    }
}
