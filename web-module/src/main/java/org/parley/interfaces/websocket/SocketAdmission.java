package org.parley.interfaces.websocket;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.parley.infrastructure.config.ParleyConfig;

/**
 * How many WebSockets this node holds open, in all and per client address ({@code parley.limit.connections}, tim's
 * connect_limit, and {@code parley.limit.connections-per-address}): a socket over either is closed at once, before
 * it costs a login. Counted from open to close, authenticated or not. Trusted addresses
 * ({@code parley.limit.trusted-addresses}) have no per-address limit, and their sockets no request rate.
 */
@ApplicationScoped
public class SocketAdmission {

    @Inject
    ParleyConfig config;

    private int total;
    private int perAddress;
    private Set<String> trusted;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentHashMap<String, AtomicInteger> byAddress = new ConcurrentHashMap<>();
    private final AtomicLong refused = new AtomicLong();

    public SocketAdmission() {
        // for CDI
    }

    SocketAdmission(int total, int perAddress, Set<String> trusted) {
        this.total = total;
        this.perAddress = perAddress;
        this.trusted = trusted;
    }

    @PostConstruct
    void init() {
        total = config.connections();
        perAddress = config.connectionsPerAddress();
        trusted = config.trustedAddresses();
    }

    /** Counts a new socket from {@code address} (null: unknown); false, and nothing counted, if it is one too many. */
    public boolean admit(String address) {
        if (open.incrementAndGet() > total && total > 0) {
            open.decrementAndGet();
            refused.incrementAndGet();
            return false;
        }
        if (address == null || perAddress <= 0 || trusted.contains(address)) {
            return true;
        }
        boolean[] admitted = {true};
        byAddress.compute(address, (a, n) -> {
            AtomicInteger count = n == null ? new AtomicInteger() : n;
            if (count.get() >= perAddress) {
                admitted[0] = false;
            } else {
                count.incrementAndGet();
            }
            return count.get() == 0 ? null : count;
        });
        if (!admitted[0]) {
            open.decrementAndGet();
            refused.incrementAndGet();
        }
        return admitted[0];
    }

    /** A socket that {@link #admit} counted has closed. */
    public void release(String address) {
        open.decrementAndGet();
        if (address == null || perAddress <= 0 || trusted.contains(address)) {
            return;
        }
        byAddress.computeIfPresent(address, (a, n) -> n.decrementAndGet() <= 0 ? null : n);
    }

    /** Whether {@code address} is one of the operator's trusted addresses, to which no per-client limit applies. */
    public boolean trusted(String address) {
        return address != null && trusted.contains(address);
    }

    /** Sockets refused since this node started. */
    public long refused() {
        return refused.get();
    }

    int open() {
        return open.get();
    }
}
