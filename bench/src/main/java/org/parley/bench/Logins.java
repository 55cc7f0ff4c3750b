package org.parley.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.concurrent.CompletionException;
import org.parley.client.TimException;
import org.parley.client.TimHttp;

/**
 * Thousands of tim users at once, without flooding the node: registration over {@code /tim2} and logins over
 * WebSocket, each with a bounded number in flight, retried a few times before the benchmark gives up.
 */
final class Logins {

    static final String PASSWORD = "s3cret-pa55";
    private static final int ATTEMPTS = 3;
    private static final Duration EACH = Duration.ofSeconds(60);
    private static final int ALREADY_REGISTERED = 4101;

    private Logins() {
    }

    /** Fresh user names for one benchmark invocation: {@code prefix-xxxxxx-i}. */
    static List<String> names(String prefix, int count) {
        String run = UUID.randomUUID().toString().substring(0, 6);
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            names.add(prefix + "-" + run + "-" + i);
        }
        return names;
    }

    /**
     * Registers every name over {@code /tim2} of {@code ws}; returns their nodes in the same order ("" for the few
     * whose first answer was lost).
     */
    static List<String> register(URI ws, List<String> names, int concurrency) throws InterruptedException {
        TimHttp http = new TimHttp(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), EACH);
        long start = System.nanoTime();
        // The names are fresh, so "already registered" (4101) can only mean that an earlier attempt of this very
        // call got through after its answer timed out: registered, node unknown (the login ack tells it).
        List<String> nodes = bounded(names.size(), concurrency, "register",
                i -> http.registerAsync(ws, names.get(i), PASSWORD, null, false).exceptionally(e -> {
                    if (e.getCause() instanceof TimException t && t.code() == ALREADY_REGISTERED) {
                        return "";
                    }
                    throw e instanceof CompletionException c ? c : new CompletionException(e);
                }));
        System.out.printf(Locale.ROOT, "registered %d users in %.1f s%n", names.size(), (System.nanoTime() - start) / 1e9);
        return nodes;
    }

    /** Logs every name in, user {@code i} at {@code targets.get(i % targets.size())}; session {@code i} is user i. */
    static List<TimSession> login(NioLoop loop, List<URI> targets, List<String> names, int concurrency)
            throws InterruptedException {
        return login(loop, targets, names, concurrency, null);
    }

    /** As above, but session {@code i} gets index {@code indexes.get(i)} (null: i). */
    static List<TimSession> login(NioLoop loop, List<URI> targets, List<String> names, int concurrency,
            List<Integer> indexes) throws InterruptedException {
        long start = System.nanoTime();
        List<TimSession> sessions = bounded(names.size(), concurrency, "login",
                i -> TimSession.login(loop, targets.get(i % targets.size()), indexes == null ? i : indexes.get(i),
                        names.get(i), PASSWORD));
        System.out.printf(Locale.ROOT, "logged in %d sessions in %.1f s%n", names.size(), (System.nanoTime() - start) / 1e9);
        return sessions;
    }

    /** Closes the sessions and waits until their sockets are closed. */
    static void closeAll(List<TimSession> sessions) throws Exception {
        for (TimSession s : sessions) {
            s.close();
        }
        for (TimSession s : sessions) {
            s.closedFuture().get(60, TimeUnit.SECONDS);
        }
    }

    /**
     * Runs {@code count} asynchronous operations with at most {@code concurrency} in flight, retrying a failed one
     * up to {@link #ATTEMPTS} times; returns the results in index order.
     */
    static <T> List<T> bounded(int count, int concurrency, String what, IntFunction<CompletableFuture<T>> operation)
            throws InterruptedException {
        List<T> results = new ArrayList<>(count);
        List<Throwable> failures = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            results.add(null);
            failures.add(null);
        }
        List<Integer> todo = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            todo.add(i);
        }
        for (int attempt = 1; attempt <= ATTEMPTS && !todo.isEmpty(); attempt++) {
            Semaphore permits = new Semaphore(concurrency);
            List<CompletableFuture<T>> running = new ArrayList<>();
            for (int i : todo) {
                if (!permits.tryAcquire(EACH.toSeconds() * 2, TimeUnit.SECONDS)) {
                    throw new IllegalStateException(what + ": no progress for " + EACH.toSeconds() * 2 + " s");
                }
                CompletableFuture<T> op;
                try {
                    op = operation.apply(i).orTimeout(EACH.toSeconds(), TimeUnit.SECONDS);
                } catch (RuntimeException e) {
                    op = CompletableFuture.failedFuture(e);
                }
                int index = i;
                running.add(op.whenComplete((result, failure) -> {
                    synchronized (results) {
                        results.set(index, result);
                        failures.set(index, failure);
                    }
                    permits.release();
                }));
            }
            for (CompletableFuture<T> op : running) {
                try {
                    op.get(EACH.toSeconds() * 2, TimeUnit.SECONDS);
                } catch (Exception ignored) {
                    // recorded in failures
                }
            }
            List<Integer> failed = new ArrayList<>();
            synchronized (results) {
                for (int i : todo) {
                    if (failures.get(i) != null || results.get(i) == null) {
                        failed.add(i);
                    }
                }
            }
            if (!failed.isEmpty()) {
                System.out.printf(Locale.ROOT, "%s: %d of %d failed in attempt %d, e.g. %s%n", what, failed.size(),
                        todo.size(), attempt, failures.get(failed.get(0)));
            }
            todo = failed;
        }
        if (!todo.isEmpty()) {
            throw new IllegalStateException(what + ": " + todo.size() + " of " + count + " failed " + ATTEMPTS + " times");
        }
        return results;
    }
}
