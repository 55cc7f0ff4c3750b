package org.parley.infrastructure.delivery;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.parley.infrastructure.config.ParleyConfig;

/**
 * Delivery's own threads, sized by configuration. Not the container's managed executors: Payara's default scheduled
 * executor has one thread for everything scheduled on it, and every task handed to a managed executor saves and
 * restores the caller's context, which costs a class-path scan per task. These threads come from the container's
 * thread factory, so they run with the application's context once, from their start.
 * <ul>
 * <li>{@link #fanout()}: writes to sockets (fan-out chunks, each socket's next queued frame);
 * <li>{@link #work()}: database work that acknowledgements cause (queue entries out, delivery cursors);
 * <li>{@link #timer()}: one thread for the deadline sweeps (resends are asynchronous writes) and socket auth
 * deadlines; nothing that waits.
 * </ul>
 */
@ApplicationScoped
public class DeliveryExecutors {

    @Resource
    ManagedThreadFactory threads;

    @Inject
    ParleyConfig config;

    private ExecutorService fanout;
    private ExecutorService work;
    private ScheduledExecutorService timer;

    @PostConstruct
    void start() {
        start(threads, config.fanoutThreads(), config.workerThreads());
    }

    /** Starts the pools on {@code factory} (tests pass a plain one). */
    void start(ThreadFactory factory, int fanoutThreads, int workerThreads) {
        fanout = Executors.newFixedThreadPool(fanoutThreads, named(factory, "parley-fanout"));
        work = Executors.newFixedThreadPool(workerThreads, named(factory, "parley-delivery-work"));
        timer = Executors.newSingleThreadScheduledExecutor(named(factory, "parley-delivery-timer"));
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
        fanout.shutdown();
        work.shutdown();
        try {
            work.awaitTermination(5, TimeUnit.SECONDS); // let acknowledged queue entries leave the queue
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public ExecutorService fanout() {
        return fanout;
    }

    public ExecutorService work() {
        return work;
    }

    public ScheduledExecutorService timer() {
        return timer;
    }

    private static ThreadFactory named(ThreadFactory factory, String name) {
        int[] count = {0};
        return task -> {
            Thread t = factory.newThread(task);
            synchronized (count) {
                t.setName(name + "-" + ++count[0]);
            }
            t.setDaemon(true);
            return t;
        };
    }
}
