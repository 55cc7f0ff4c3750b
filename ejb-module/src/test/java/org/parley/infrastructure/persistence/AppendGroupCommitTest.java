package org.parley.infrastructure.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AppendGroupCommitTest {

    private static final long HANG_GUARD_SECONDS = 30;

    private static final class Append extends AppendGroupCommit.Pending<String> {
        final String name;

        Append(String name) {
            this.name = name;
        }
    }

    private final AppendGroupCommit groupCommit = new AppendGroupCommit();
    private final ExecutorService writers = Executors.newCachedThreadPool();
    private final List<Set<String>> batches = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stop() {
        writers.shutdownNow();
    }

    private Future<String> append(String name, Consumer<List<Append>> commit) {
        return writers.submit(() -> groupCommit.append("shard0", new Append(name), commit));
    }

    private void awaitWaiting(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HANG_GUARD_SECONDS);
        while (groupCommit.waiting("shard0") < count) {
            assertTrue(System.nanoTime() < deadline, "writers did not queue");
            Thread.onSpinWait();
        }
    }

    @Test
    void appends_that_arrive_during_a_commit_share_the_next_transaction() throws Exception {
        CountDownLatch firstCommitting = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Consumer<List<Append>> commit = batch -> {
            batches.add(batch.stream().map(a -> a.name).collect(Collectors.toSet()));
            if (batches.size() == 1) {
                firstCommitting.countDown();
                await(release);
            }
            batch.forEach(a -> a.succeeded("stored " + a.name));
        };

        Future<String> first = append("a", commit);
        assertTrue(firstCommitting.await(HANG_GUARD_SECONDS, TimeUnit.SECONDS));
        Future<String> b = append("b", commit);
        Future<String> c = append("c", commit);
        Future<String> d = append("d", commit);
        awaitWaiting(3);
        release.countDown();

        assertEquals("stored a", first.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS));
        assertEquals("stored b", b.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS));
        assertEquals("stored c", c.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS));
        assertEquals("stored d", d.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS));
        assertEquals(List.of(Set.of("a"), Set.of("b", "c", "d")), batches);
    }

    @Test
    void a_batch_that_throws_fails_every_append_it_left_unsettled() throws Exception {
        IllegalStateException down = new IllegalStateException("database down");
        Future<String> only = append("a", batch -> {
            throw down;
        });

        var e = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> only.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS));
        assertSame(down, e.getCause());
    }

    @Test
    void a_lone_writer_commits_its_own_append_at_once() {
        String stored = groupCommit.append("shard1", new Append("x"), batch -> batch.forEach(a -> a.succeeded(a.name + "!")));
        assertEquals("x!", stored);
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(HANG_GUARD_SECONDS, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
