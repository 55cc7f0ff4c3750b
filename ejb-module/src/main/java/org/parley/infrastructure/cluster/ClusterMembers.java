package org.parley.infrastructure.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.ringbuffer.Ringbuffer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The cluster as Parley sees it: the Hazelcast member embedded in this Payara instance (Payara's Domain Data Grid)
 * and its peers. Members are equal; none is a master.
 */
@ApplicationScoped
public class ClusterMembers {

    private static final String BIND_ANY = "hazelcast.socket.bind.any";

    @Inject
    HazelcastInstance hazelcast;

    public HazelcastInstance hazelcast() {
        return hazelcast;
    }

    /**
     * The map named {@code name}, its proxy created on a thread that inherits no component invocation, so Payara
     * binds no tenant to it: for a map created during a request Payara's tenant control (PayaraHazelcastTenant)
     * sets up the application's CDI context around every operation on it, on the partition thread, about a tenth
     * of a node's CPU in 1:1 traffic. Only for maps whose values are plain data (JSON, strings, numbers) and that
     * carry no listeners or entry processors: their operations never need the application's classes or context.
     * Every member obtains these maps the same way, so none replicates a tenant to the others.
     */
    public <K, V> IMap<K, V> plainMap(String name) {
        return outsideAnyInvocation(name, () -> hazelcast.getMap(name));
    }

    /** The ring buffer named {@code name}, its proxy made as {@link #plainMap}'s, for plain data (strings). */
    public <E> Ringbuffer<E> plainRingbuffer(String name) {
        return outsideAnyInvocation(name, () -> hazelcast.getRingbuffer(name));
    }

    private static <T> T outsideAnyInvocation(String name, Supplier<T> proxy) {
        CompletableFuture<T> made = new CompletableFuture<>();
        Thread creator = new Thread(null, () -> {
            try {
                made.complete(proxy.get());
            } catch (RuntimeException | Error e) {
                made.completeExceptionally(e);
            }
        }, "parley-plain-proxy-" + name, 0, false); // false: no inherited thread locals, the invocation among them
        creator.start();
        return made.join();
    }

    /**
     * Whether the member's port is bound to every interface, Hazelcast's default: its own {@code interfaces} setting
     * (Payara's {@code --interfaces}) only chooses the address it announces unless {@code hazelcast.socket.bind.any}
     * is false, in the member's configuration or as a system property.
     */
    public boolean listensOnEveryInterface() {
        String configured = hazelcast.getConfig().getProperty(BIND_ANY);
        return Boolean.parseBoolean((configured != null ? configured : System.getProperty(BIND_ANY, "true")).trim());
    }

    public String localMember() {
        return hazelcast.getCluster().getLocalMember().getUuid().toString();
    }

    public Set<String> members() {
        return hazelcast.getCluster().getMembers().stream()
                .map(Member::getUuid)
                .map(Object::toString)
                .collect(Collectors.toSet());
    }

    /** host:port of each member's cluster endpoint, by member id. */
    public Map<String, String> addresses() {
        return hazelcast.getCluster().getMembers().stream()
                .collect(Collectors.toMap(m -> m.getUuid().toString(), m -> m.getAddress().toString()));
    }
}
