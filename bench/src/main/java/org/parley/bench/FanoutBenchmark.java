package org.parley.bench;

import com.sun.management.UnixOperatingSystemMXBean;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.parley.it.MicroNode;
import org.parley.it.TestCluster;
import org.parley.protocol.ClientFrame;
import org.parley.protocol.FrameType;
import org.parley.protocol.ThriftCodec;
import org.parley.protocol.Tid;
import org.parley.protocol.TimMessage;

/**
 * Room fan-out: N members in one open room, member 0 sends a room message, the next one once every member (the
 * sender's own copy included) has the previous one. Latency = the selector thread's clock when a member's copy is
 * decoded minus when the send was written. Per message: p50 and p99 over the members and "all delivered" (the last
 * arrival); per run the median over the measured messages; the result is the median over runs.
 *
 * <p>Three more peers run the same scenario in the same invocation, their runs interleaved with Parley's: the bare
 * Payara peer (N WebSocket clients of {@link org.parley.bench.bare.BareFanoutEndpoint}, deployed to the same node
 * as Parley with Parley's own container listeners, which sends every binary message to every open socket and does
 * nothing else: the floor of the container's WebSocket stack), an MQTT broker (mosquitto on 127.0.0.1:1883: N
 * subscribers to one topic, subscriber 0 publishing at QoS 0) and an XMPP server (ejabberd, bench/ejabberd: N
 * occupants of one multi-user chat room, occupant 0 sending a groupchat message). Odd runs go Parley, bare,
 * mosquitto, ejabberd; even runs the reverse, so the order of every pair alternates and a drifting machine favours
 * none. The RESULT line gives each peer's medians and the p99 ratios Parley/bare, Parley/mosquitto,
 * bare/mosquitto and Parley/ejabberd (median over runs, and per run). All peers use the same
 * single-selector-thread generator ({@link NioLoop}).
 *
 * <p>Properties: {@code fanout.members} (sizes, default 1000), {@code fanout.runs} (5), {@code fanout.warmup} (5),
 * {@code fanout.peer-warmup} (100 messages per peer and size before the first run, not counted),
 * {@code fanout.messages} (20), {@code fanout.nodes} (1; with more, a {@link TestCluster} and members spread
 * round-robin, sender on node 0), {@code fanout.target} (ws URIs of running nodes, comma-separated: no node is
 * started), {@code fanout.bare} (unset: the bare endpoint deployed to the node this benchmark starts, when it starts
 * one node; {@code naive}: the same without Parley's container listeners; a ws URI of a bare endpoint already
 * running; or {@code none}), {@code fanout.mqtt} (host:port or {@code none}), {@code fanout.xmpp} ({@code auto}:
 * 127.0.0.1:5222 if something listens there, else none; host:port; or {@code none}), {@code fanout.xmpp-domain}
 * (localhost; rooms on conference.&lt;domain&gt;), {@code fanout.node-options} (extra JVM options for started
 * nodes), {@code fanout.message-timeout} (PT120S), {@code fanout.max-duration} (PT3H: no new run starts after it),
 * {@code fanout.login-concurrency} (32), {@code fanout.register-concurrency} (8), {@code fanout.jfr} (a file: a JFR
 * recording, settings=profile, of node 0 over the measured messages of Parley's first run, via jcmd).
 */
public final class FanoutBenchmark {

    private static final int RESERVED_FDS = 500;
    /** What a bare client answers to every message: the size of tim's ACK frame, which the bare endpoint drops. */
    private static final byte[] BARE_ACK = new byte[5];

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = Arrays.stream(System.getProperty("fanout.members", "1000").split(","))
                .map(String::trim).map(Integer::parseInt).toList();
        Settings settings = new Settings(
                Integer.getInteger("fanout.runs", 5),
                Integer.getInteger("fanout.warmup", 5),
                Integer.getInteger("fanout.messages", 20),
                Duration.parse(System.getProperty("fanout.message-timeout", "PT120S")),
                System.nanoTime() + Duration.parse(System.getProperty("fanout.max-duration", "PT3H")).toNanos(),
                Integer.getInteger("fanout.login-concurrency", 32),
                Integer.getInteger("fanout.register-concurrency", 8),
                System.getProperty("fanout.jfr", ""),
                Integer.getInteger("fanout.peer-warmup", 100));
        String mqtt = System.getProperty("fanout.mqtt", "127.0.0.1:1883");
        String xmpp = xmppServer(System.getProperty("fanout.xmpp", "auto").trim());
        String xmppDomain = System.getProperty("fanout.xmpp-domain", "localhost");
        int exitCode = 0;
        try (NioLoop loop = new NioLoop(); Nodes nodes = Nodes.start(System.getProperty("fanout.bare", "").trim())) {
            System.out.printf(Locale.ROOT, "fan-out against %s; bare Payara peer: %s; mosquitto peer: %s;"
                    + " ejabberd (XMPP) peer: %s; %d runs of %d+%d messages%n", nodes.targets, nodes.bareDescription,
                    mqtt, xmpp.equals("none") ? "none" : xmpp + " (domain " + xmppDomain + ")", settings.runs,
                    settings.warmup, settings.messages);
            for (int size : sizes) {
                if (System.nanoTime() > settings.deadline) {
                    System.out.println("fanout.max-duration reached: size " + size + " skipped");
                    continue;
                }
                ParleyPeer parley = new ParleyPeer(loop, nodes.targets, size, settings);
                BarePeer bare = nodes.bare == null ? null : new BarePeer(loop, nodes.bare, size);
                MqttPeer broker = mqtt.equals("none") ? null : new MqttPeer(loop, address(mqtt), size);
                XmppPeer xmppPeer = xmpp.equals("none") ? null : new XmppPeer(loop, address(xmpp), xmppDomain, size);
                runSize(size, nodes.targets.size(), parley, bare, broker, xmppPeer, settings);
            }
        } catch (Exception e) {
            e.printStackTrace();
            exitCode = 1;
        }
        System.exit(exitCode);
    }

    record Settings(int runs, int warmup, int messages, Duration messageTimeout, long deadline, int loginConcurrency,
            int registerConcurrency, String jfrFile, int peerWarmup) {
    }

    /** Whether the one flight recording of fanout.jfr was taken already. */
    private static boolean recorded;

    /** One run of one peer: medians over its measured messages. */
    record RunResult(String peer, double p50, double p99, double all, double worstAll, double selectorBusy,
            int measured, boolean complete, int lost) {
    }

    private static void runSize(int size, int nodeCount, ParleyPeer parley, BarePeer bare, MqttPeer broker,
            XmppPeer xmpp, Settings s) throws Exception {
        System.out.printf(Locale.ROOT, "=== %d members on %d node(s) ===%n", size, nodeCount);
        parley.prepare();
        List<Peer> peers = new ArrayList<>(List.of(parley));
        if (bare != null) {
            peers.add(bare);
        }
        if (broker != null) {
            peers.add(broker);
        }
        if (xmpp != null) {
            peers.add(xmpp);
        }
        // Holding every peer's N sockets at once needs that many descriptors in this JVM; otherwise the others
        // disconnect while one runs (logins and connects are not timed).
        boolean holdAll = peers.size() == 1 || freeDescriptors() >= (long) peers.size() * size + RESERVED_FDS;
        Map<Peer, List<RunResult>> complete = new LinkedHashMap<>();
        for (Peer peer : peers) {
            complete.put(peer, new ArrayList<>());
        }
        if (s.peerWarmup > 0) {
            // A fresh node keeps getting faster while the JIT compiles the fan-out path: each peer first delivers
            // this many messages that no run counts (the same for every peer).
            Settings warm = new Settings(1, s.peerWarmup, 1, s.messageTimeout, s.deadline, s.loginConcurrency,
                    s.registerConcurrency, "", 0);
            for (Peer peer : peers) {
                connectOnly(peer, peers, holdAll);
                long start = System.nanoTime();
                measure(peer, size, 0, warm);
                System.out.printf(Locale.ROOT, "warm-up %-9s members=%d: %d messages, %.1f s (not counted)%n",
                        peer.name(), size, s.peerWarmup + 1, (System.nanoTime() - start) / 1e9);
            }
        }
        Ratios parleyBare = new Ratios("Parley/bare");
        Ratios parleyMqtt = new Ratios("Parley/mosquitto");
        Ratios bareMqtt = new Ratios("bare/mosquitto");
        Ratios parleyXmpp = new Ratios("Parley/ejabberd");
        for (int run = 1; run <= s.runs; run++) {
            if (System.nanoTime() > s.deadline) {
                System.out.println("fanout.max-duration reached after " + (run - 1) + " runs");
                break;
            }
            // Odd runs P B M E, even runs E M B P: every pair's order alternates, so a drifting machine favours none.
            List<Peer> order = new ArrayList<>(peers);
            if (run % 2 == 0) {
                Collections.reverse(order);
            }
            Map<Peer, RunResult> results = new LinkedHashMap<>();
            for (Peer peer : order) {
                connectOnly(peer, peers, holdAll);
                TimeUnit.SECONDS.sleep(2); // let the pongs and any leftover acks settle
                RunResult r = measure(peer, size, run, s);
                print(run, s.runs, size, r);
                results.put(peer, r);
                if (r.complete) {
                    complete.get(peer).add(r);
                }
            }
            parleyBare.add(results.get(parley), results.get(bare));
            parleyMqtt.add(results.get(parley), results.get(broker));
            bareMqtt.add(results.get(bare), results.get(broker));
            parleyXmpp.add(results.get(parley), results.get(xmpp));
        }
        for (Peer peer : peers) {
            peer.disconnect();
        }
        System.out.println(result(size, nodeCount, complete.get(parley),
                bare == null ? null : complete.get(bare), broker == null ? null : complete.get(broker),
                xmpp == null ? null : complete.get(xmpp), List.of(parleyBare, parleyMqtt, bareMqtt, parleyXmpp),
                parley.unexpectedCloses(), bare == null ? 0 : bare.unexpectedCloses(),
                xmpp == null ? 0 : xmpp.unexpectedCloses()));
    }

    /** Connects {@code peer} (and pings it), first disconnecting the others unless this JVM can hold them all. */
    private static void connectOnly(Peer peer, List<Peer> peers, boolean holdAll) throws Exception {
        if (!holdAll) {
            for (Peer other : peers) {
                if (other != peer) {
                    other.disconnect();
                }
            }
        }
        peer.connect();
        peer.keepAlive();
    }

    /** One p99 ratio (numerator peer / denominator peer) per run in which both peers' runs were complete. */
    static final class Ratios {
        final String name;
        final List<Double> perRun = new ArrayList<>();

        Ratios(String name) {
            this.name = name;
        }

        void add(RunResult numerator, RunResult denominator) {
            if (numerator != null && denominator != null && numerator.complete && denominator.complete) {
                perRun.add(numerator.p99 / denominator.p99);
            }
        }
    }

    private static RunResult measure(Peer peer, int size, int run, Settings s) throws Exception {
        List<Double> p50 = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        List<Double> all = new ArrayList<>();
        long busyNanos = 0;
        long wallNanos = 0;
        int lost = 0;
        // fanout.jfr: a flight recording of node 0 over the measured messages of Parley's first run.
        NodeProcess recording = null;
        if (!s.jfrFile.isBlank() && !recorded && peer instanceof ParleyPeer parley) {
            recording = NodeProcess.of(parley.targets.get(0));
            recorded = true;
        }
        for (int i = 0; i < s.warmup + s.messages; i++) {
            if (recording != null && i == s.warmup) {
                recording.jcmd("JFR.start", "name=fanout", "settings=profile");
            }
            Round round = new Round("fanout " + size + " run " + run + " msg " + i + " " + UUID.randomUUID(), size);
            long cpu0 = peer.loop().cpuNanos();
            long t0 = System.nanoTime();
            peer.send(round);
            try {
                round.done.get(s.messageTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                peer.abandon();
                int missing = peer.loop().submit(round::missing).get();
                List<Double> partial = peer.loop().submit(round::latenciesMs).get();
                System.out.printf(Locale.ROOT, "%s run %d: message %d reached only %d of %d members in %s (p50 %.0f ms,"
                                + " p99 %.0f ms of those); run abandoned%n", peer.name(), run, i, partial.size(), size,
                        s.messageTimeout, partial.isEmpty() ? Double.NaN : Stats.percentile(partial, 50),
                        partial.isEmpty() ? Double.NaN : Stats.percentile(partial, 99));
                if (recording != null && i >= s.warmup) {
                    recording.jcmd("JFR.stop", "name=fanout");
                }
                return summary(peer.name(), p50, p99, all, busyNanos, wallNanos, false, Math.max(lost, missing));
            }
            long wall = System.nanoTime() - t0;
            long cpu = peer.loop().cpuNanos() - cpu0;
            lost = Math.max(lost, round.lost());
            if (i >= s.warmup) {
                List<Double> ms = round.latenciesMs();
                p50.add(Stats.percentile(ms, 50));
                p99.add(Stats.percentile(ms, 99));
                all.add(Stats.percentile(ms, 100));
                busyNanos += cpu;
                wallNanos += wall;
            }
        }
        if (recording != null) {
            Path file = Path.of(s.jfrFile).toAbsolutePath();
            recording.jcmd("JFR.dump", "name=fanout", "filename=" + file);
            recording.jcmd("JFR.stop", "name=fanout");
            System.out.println("flight recording of node 0 (pid " + recording.pid() + ") over the measured messages: " + file);
        }
        return summary(peer.name(), p50, p99, all, busyNanos, wallNanos, true, lost);
    }

    private static RunResult summary(String peer, List<Double> p50, List<Double> p99, List<Double> all, long busy,
            long wall, boolean complete, int lost) {
        if (p50.isEmpty()) {
            return new RunResult(peer, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, false, lost);
        }
        return new RunResult(peer, Stats.median(p50), Stats.median(p99), Stats.median(all), Stats.percentile(all, 100),
                wall == 0 ? 0 : (double) busy / wall, p50.size(), complete, lost);
    }

    private static void print(int run, int runs, int size, RunResult r) {
        System.out.printf(Locale.ROOT, "run %d/%d %-9s members=%d: p50 %.2f ms, p99 %.2f ms, all delivered %.2f ms"
                        + " (medians over %d messages; slowest all-delivered %.2f ms); selector thread busy %.0f%%;"
                        + " load average %s%s%s%n",
                run, runs, r.peer, size, r.p50, r.p99, r.all, r.measured, r.worstAll, r.selectorBusy * 100,
                Stats.loadAverage(), r.lost > 0 ? "; " + r.lost + " members' sockets lost (not waited for)" : "",
                r.complete ? "" : " INCOMPLETE");
    }

    /**
     * {@code RESULT fanout members=N nodes=K: Parley <medians>; bare Payara <medians>; mosquitto <medians>;
     * ejabberd <medians>; p99 ratios Parley/bare R (per run: r1 / r2 ...), Parley/mosquitto R (...),
     * bare/mosquitto R (...), Parley/ejabberd R (...)}; a peer that did not take part (null) and a ratio without a
     * run in which both of its peers were complete are left out.
     */
    private static String result(int size, int nodeCount, List<RunResult> parley, List<RunResult> bare,
            List<RunResult> mqtt, List<RunResult> xmpp, List<Ratios> ratios, int lostSessions, int lostBare,
            int lostXmpp) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "RESULT fanout members=%d nodes=%d: Parley %s", size, nodeCount, describe(parley)));
        if (bare != null) {
            line.append("; bare Payara ").append(describe(bare));
        }
        if (mqtt != null) {
            line.append("; mosquitto ").append(describe(mqtt));
        }
        if (xmpp != null) {
            line.append("; ejabberd ").append(describe(xmpp));
        }
        List<String> shown = new ArrayList<>();
        for (Ratios r : ratios) {
            if (!r.perRun.isEmpty()) {
                shown.add(String.format(Locale.ROOT, "%s %.1f (per run: %s)", r.name, Stats.median(r.perRun),
                        r.perRun.stream().map(x -> String.format(Locale.ROOT, "%.1f", x))
                                .collect(Collectors.joining(" / "))));
            }
        }
        if (!shown.isEmpty()) {
            line.append("; p99 ratios ").append(String.join(", ", shown));
        }
        if (lostSessions > 0) {
            line.append("; ").append(lostSessions).append(" tim sockets closed by the server");
        }
        if (lostBare > 0) {
            line.append("; ").append(lostBare).append(" bare sockets closed by the server");
        }
        if (lostXmpp > 0) {
            line.append("; ").append(lostXmpp).append(" XMPP sockets closed by the server");
        }
        return line.toString();
    }

    /** Median over runs, with the spread (min–max) of the runs' p99. */
    private static String describe(List<RunResult> runs) {
        if (runs.isEmpty()) {
            return "no complete run";
        }
        List<Double> p99 = runs.stream().map(RunResult::p99).toList();
        return String.format(Locale.ROOT, "p50 %.2f ms, p99 %.2f ms (runs %.2f–%.2f), all delivered %.2f ms,"
                        + " selector busy %.0f%% [median of %d runs]",
                Stats.median(runs.stream().map(RunResult::p50).toList()), Stats.median(p99),
                Stats.percentile(p99, 0), Stats.percentile(p99, 100),
                Stats.median(runs.stream().map(RunResult::all).toList()),
                100 * Stats.median(runs.stream().map(RunResult::selectorBusy).toList()), runs.size());
    }

    private static long freeDescriptors() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean os) {
            return os.getMaxFileDescriptorCount() - os.getOpenFileDescriptorCount();
        }
        return Long.MAX_VALUE;
    }

    /** The default XMPP port on loopback; fanout.xmpp=auto uses it when something listens there. */
    static final String XMPP_AUTO = "127.0.0.1:5222";

    /** fanout.xmpp: "none", "auto" (127.0.0.1:5222 if it accepts a connection, else none) or host:port. */
    private static String xmppServer(String setting) {
        if (!setting.equals("auto")) {
            return setting;
        }
        try (java.net.Socket probe = new java.net.Socket()) {
            probe.connect(address(XMPP_AUTO), 1000);
            return XMPP_AUTO;
        } catch (IOException e) {
            System.out.println("fanout.xmpp=auto: nothing listens on " + XMPP_AUTO + " (" + e.getMessage()
                    + "), no ejabberd peer; see docs/benchmarks.md for starting it");
            return "none";
        }
    }

    private static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    /** One side of the comparison. */
    interface Peer {
        String name();

        NioLoop loop();

        /** Brings all N members online and ready (no-op if they are). */
        void connect() throws Exception;

        /** Takes every member offline (no-op if they are). */
        void disconnect() throws Exception;

        /** Pings every member (tim's heartbeat / WebSocket ping / PINGREQ) so idle sockets outlive long runs. */
        void keepAlive() throws InterruptedException;

        /** Member 0 sends {@code round}'s text; {@link Round#sent} is stamped right before the write. */
        void send(Round round);

        /** Stops counting arrivals for the current round. */
        void abandon();
    }

    /** N tim users in one open room, logged in over the {@link NioLoop}. */
    static final class ParleyPeer implements Peer {

        private final NioLoop loop;
        private final List<URI> targets;
        private final int size;
        private final Settings settings;
        private List<String> names;
        private List<TimSession> sessions;
        private String room;
        /** The message being measured; selector thread only. */
        private Round current;
        /** Members whose socket the server closed since the last connect(); selector thread only. */
        private final java.util.BitSet lost = new java.util.BitSet();
        private long lastKeepAlive = System.nanoTime();
        private final int closesBefore = TimSession.UNEXPECTED_CLOSES.get();

        ParleyPeer(NioLoop loop, List<URI> targets, int size, Settings settings) {
            this.loop = loop;
            this.targets = targets;
            this.size = size;
            this.settings = settings;
        }

        @Override
        public String name() {
            return "parley";
        }

        @Override
        public NioLoop loop() {
            return loop;
        }

        int unexpectedCloses() {
            return TimSession.UNEXPECTED_CLOSES.get() - closesBefore;
        }

        /** Registers the members (once). */
        void prepare() throws Exception {
            if (names == null) {
                names = Logins.names("fan" + size, size);
                Logins.register(targets.get(0), names, settings.registerConcurrency);
            }
        }

        @Override
        public void connect() throws Exception {
            if (sessions != null) {
                relogLost();
                return;
            }
            sessions = new ArrayList<>(Logins.login(loop, targets, names, settings.loginConcurrency));
            lastKeepAlive = System.nanoTime();
            for (TimSession s : sessions) {
                s.handler(handler);
            }
            if (room == null) {
                room = createRoom();
                join();
            }
        }

        private final TimSession.Handler handler = new TimSession.Handler() {
            @Override
            public void onMessage(TimSession session, TimMessage m, long nanos) {
                Round r = current;
                if (r != null && m.getRoomTid() != null && room.equals(m.getRoomTid().getNode())
                        && r.text.equals(m.getDataString())) {
                    r.arrive(session.index(), nanos);
                }
            }

            @Override
            public void onLost(TimSession session, Throwable cause) {
                lost.set(session.index());
                if (current != null) {
                    current.lose(session.index());
                }
            }
        };

        /** Logs the members in again whose sockets the server closed (between runs, not timed). */
        private void relogLost() throws Exception {
            List<Integer> gone = loop.submit(() -> {
                List<Integer> l = lost.stream().boxed().toList();
                lost.clear();
                return l;
            }).get();
            if (gone.isEmpty()) {
                return;
            }
            List<String> again = gone.stream().map(names::get).toList();
            List<TimSession> fresh = Logins.login(loop, gone.stream().map(i -> targets.get(i % targets.size())).toList(),
                    again, settings.loginConcurrency, gone);
            for (TimSession s : fresh) {
                s.handler(handler);
                sessions.set(s.index(), s);
            }
        }

        private String createRoom() throws Exception {
            return Rooms.create(sessions.get(0), "fanout-" + size);
        }

        /** Members 1..N-1 join; the member list is checked. */
        private void join() throws Exception {
            long start = System.nanoTime();
            Rooms.join(sessions.subList(1, size), room, settings.loginConcurrency);
            int count = Rooms.members(sessions.get(0), room);
            System.out.printf(Locale.ROOT, "room %s: %d members joined in %.1f s; the room lists %d%n", room, size - 1,
                    (System.nanoTime() - start) / 1e9, count);
            if (count != size) {
                System.out.println("WARNING: the room lists " + count + " members, expected " + size);
            }
        }

        @Override
        public void disconnect() throws Exception {
            if (sessions != null) {
                Logins.closeAll(sessions);
                sessions = null;
            }
        }

        /**
         * tim's heartbeat for every member, at most every 4 minutes (the node closes sockets silent for 10), paced
         * in batches: thousands of pings at once overflow the node's worker queue as an ack burst would.
         */
        @Override
        public void keepAlive() throws InterruptedException {
            if (System.nanoTime() - lastKeepAlive < TimeUnit.MINUTES.toNanos(4)) {
                return;
            }
            lastKeepAlive = System.nanoTime();
            for (int i = 0; i < sessions.size(); i++) {
                sessions.get(i).ping();
                if (i % 100 == 99) {
                    TimeUnit.MILLISECONDS.sleep(50);
                }
            }
        }

        @Override
        public void send(Round round) {
            byte[] frame = ClientFrame.build(FrameType.MESSAGE, false, ThriftCodec.INSTANCE.encode(new TimMessage()
                    .setMsType((byte) 3).setOdType((byte) 1).setRoomTid(new Tid(room)).setDataString(round.text)));
            TimSession sender = sessions.get(0);
            loop.execute(() -> {
                current = round;
                lost.stream().forEach(round::lose);
                round.sent(System.nanoTime());
                sender.sendFrame(frame);
            });
        }

        @Override
        public void abandon() {
            loop.execute(() -> current = null);
        }
    }

    /**
     * A peer of N client sockets on the {@link NioLoop}, client 0 the sender: what the MQTT, bare and XMPP peers
     * share. Round bookkeeping, sockets lost to the server, disconnect and keep-alive are here; each peer says how
     * its clients connect, close, ping and send.
     */
    abstract static class ClientPeer<C extends NioConnection> implements Peer {

        final NioLoop loop;
        final int size;
        List<C> clients;
        final Closings closed = new Closings();
        /** The message being measured; selector thread only. */
        Round current;
        /** Clients whose socket the server closed (or that failed) since the last connect(); selector thread only. */
        final BitSet lost = new BitSet();
        /** disconnect() is closing the sockets; selector thread only. */
        private boolean disconnecting;
        private int unexpectedCloses;

        ClientPeer(NioLoop loop, int size) {
            this.loop = loop;
            this.size = size;
        }

        @Override
        public NioLoop loop() {
            return loop;
        }

        /** Sockets closed by the server or a failure, not by disconnect(). */
        int unexpectedCloses() throws Exception {
            return loop.submit(() -> unexpectedCloses).get();
        }

        abstract void close(C client);

        abstract void ping(C client);

        /**
         * What sends the round's text from {@code sender}: prepared before the round is stamped, run on the selector
         * thread right after.
         */
        abstract Runnable transmission(C sender, Round round);

        /** Client {@code index} got {@code text} at {@code now}: an arrival if it is the current round's. */
        void received(int index, String text, long now) {
            Round r = current;
            if (r != null && r.text.equals(text)) {
                r.arrive(index, now);
            }
        }

        /**
         * Client {@code index}'s socket is gone: if it was ready and disconnect() did not close it, it is lost (the
         * round stops waiting for it, the next connect() replaces it). Selector thread only.
         */
        void socketClosed(int index, String kind, CompletableFuture<?> ready, CompletableFuture<Void> gone,
                Throwable cause) {
            if (!disconnecting && ready.isDone() && !ready.isCompletedExceptionally()) {
                if (++unexpectedCloses <= 5) {
                    System.out.println(kind + " client " + index + ": socket closed by the server or failed"
                            + (cause == null ? "" : ": " + cause));
                }
                lost.set(index);
                if (current != null) {
                    current.lose(index);
                }
            }
            ready.completeExceptionally(new IllegalStateException(kind + " connection closed", cause));
            gone.complete(null);
        }

        @Override
        public void disconnect() throws Exception {
            if (clients == null) {
                return;
            }
            List<C> all = clients;
            loop.execute(() -> {
                disconnecting = true;
                all.forEach(this::close);
            });
            closed.awaitAll(Duration.ofSeconds(60));
            loop.submit(() -> {
                disconnecting = false;
                lost.clear();
                return null;
            }).get();
            clients = null;
        }

        @Override
        public void keepAlive() {
            for (C c : clients) {
                loop.execute(() -> ping(c));
            }
        }

        @Override
        public void send(Round round) {
            Runnable write = transmission(clients.get(0), round);
            loop.execute(() -> {
                current = round;
                lost.stream().forEach(round::lose);
                round.sent(System.nanoTime());
                write.run();
            });
        }

        @Override
        public void abandon() {
            loop.execute(() -> current = null);
        }
    }

    /** N MQTT subscribers of one topic; subscriber 0 also publishes (QoS 0), as Parley's sender is a member. */
    static final class MqttPeer extends ClientPeer<MqttClient> {

        private final InetSocketAddress broker;
        private final String topic = "parley-bench/" + UUID.randomUUID() + "/fanout";

        MqttPeer(NioLoop loop, InetSocketAddress broker, int size) {
            super(loop, size);
            this.broker = broker;
        }

        @Override
        public String name() {
            return "mosquitto";
        }

        @Override
        public void connect() throws Exception {
            if (clients != null) {
                return;
            }
            long start = System.nanoTime();
            String prefix = "bench-" + UUID.randomUUID().toString().substring(0, 8) + "-";
            closed.clear();
            clients = Logins.bounded(size, 200, "mqtt subscribe", i -> subscriber(prefix + i, i));
            System.out.printf(Locale.ROOT, "%d MQTT subscribers of %s ready in %.1f s%n", size, topic,
                    (System.nanoTime() - start) / 1e9);
        }

        private CompletableFuture<MqttClient> subscriber(String clientId, int index) {
            CompletableFuture<MqttClient> ready = new CompletableFuture<>();
            CompletableFuture<Void> gone = closed.track();
            MqttClient client = new MqttClient(clientId, 600, new MqttClient.Listener() {
                @Override
                public void onConnected(MqttClient mqtt) {
                    mqtt.subscribe(topic);
                }

                @Override
                public void onSubscribed(MqttClient mqtt, int packetId, int granted) {
                    if (granted == 0x80) {
                        ready.completeExceptionally(new IllegalStateException("subscription refused"));
                    } else {
                        ready.complete(mqtt);
                    }
                }

                @Override
                public void onPublish(MqttClient mqtt, String t, byte[] payload) {
                    long now = System.nanoTime();
                    if (topic.equals(t)) {
                        received(index, new String(payload, StandardCharsets.UTF_8), now);
                    }
                }

                @Override
                public void onClosed(MqttClient mqtt, Throwable cause) {
                    ready.completeExceptionally(new IllegalStateException("MQTT connection closed", cause));
                    gone.complete(null);
                }
            });
            loop.connect(broker, client);
            return ready;
        }

        @Override
        void close(MqttClient client) {
            client.disconnect();
        }

        @Override
        void ping(MqttClient client) {
            client.ping();
        }

        @Override
        Runnable transmission(MqttClient publisher, Round round) {
            byte[] payload = round.text.getBytes(StandardCharsets.UTF_8);
            return () -> publisher.publish(topic, payload);
        }
    }

    /**
     * N WebSocket clients of the bare endpoint ({@link org.parley.bench.bare.BareFanoutEndpoint}), which sends every
     * binary message to every open socket; client 0 sends the round's text as one binary frame. The container's
     * WebSocket stack and nothing else, on the same node as Parley.
     */
    static final class BarePeer extends ClientPeer<WsClient> {

        private final URI uri;
        private final InetSocketAddress address;

        BarePeer(NioLoop loop, URI uri, int size) {
            super(loop, size);
            this.uri = uri;
            this.address = new InetSocketAddress(uri.getHost(), uri.getPort());
        }

        @Override
        public String name() {
            return "bare";
        }

        @Override
        public void connect() throws Exception {
            long start = System.nanoTime();
            if (clients != null) {
                List<Integer> gone = loop.submit(() -> {
                    List<Integer> l = lost.stream().boxed().toList();
                    lost.clear();
                    return l;
                }).get();
                if (!gone.isEmpty()) {
                    List<WsClient> fresh = Logins.bounded(gone.size(), 200, "bare reconnect", j -> client(gone.get(j)));
                    for (int j = 0; j < gone.size(); j++) {
                        clients.set(gone.get(j), fresh.get(j));
                    }
                    System.out.printf(Locale.ROOT, "%d bare WebSocket clients connected again%n", gone.size());
                }
                return;
            }
            closed.clear();
            clients = new ArrayList<>(Logins.bounded(size, 200, "bare connect", this::client));
            System.out.printf(Locale.ROOT, "%d WebSocket clients of %s ready in %.1f s%n", size, uri,
                    (System.nanoTime() - start) / 1e9);
        }

        private CompletableFuture<WsClient> client(int index) {
            CompletableFuture<WsClient> ready = new CompletableFuture<>();
            CompletableFuture<Void> gone = closed.track();
            WsClient ws = new WsClient(uri, new WsClient.Listener() {
                @Override
                public void onOpen(WsClient w) {
                    ready.complete(w);
                }

                @Override
                public void onMessage(WsClient w, byte[] message) {
                    long now = System.nanoTime();
                    // Acknowledged before it is looked at, as TimSession acks Parley's pushes.
                    w.sendBinary(BARE_ACK);
                    received(index, new String(message, StandardCharsets.UTF_8), now);
                }

                @Override
                public void onClosed(WsClient w, Throwable cause) {
                    socketClosed(index, "bare", ready, gone, cause);
                }
            });
            loop.connect(address, ws);
            return ready;
        }

        @Override
        void close(WsClient client) {
            client.close();
        }

        /** A WebSocket ping per client (the endpoint has no idle timeout; this keeps the peers alike). */
        @Override
        void ping(WsClient client) {
            client.ping();
        }

        @Override
        Runnable transmission(WsClient sender, Round round) {
            byte[] payload = round.text.getBytes(StandardCharsets.UTF_8);
            return () -> sender.sendBinary(payload);
        }
    }

    /**
     * N XMPP clients in one multi-user chat room (XEP-0045) of an XMPP server (ejabberd with bench/ejabberd's
     * configuration): client 0 creates the room and accepts its default configuration, the others join it (no
     * history); client 0 sends a groupchat message, which the room reflects to every occupant, the sender included,
     * as Parley's room does. A fresh room (and fresh anonymous users) per connect().
     */
    static final class XmppPeer extends ClientPeer<XmppClient> {

        private final InetSocketAddress server;
        private final String domain;
        private String room;
        /** Distinguishes the nicks of a retried join from the failed attempt's. */
        private final AtomicInteger attempts = new AtomicInteger();

        XmppPeer(NioLoop loop, InetSocketAddress server, String domain, int size) {
            super(loop, size);
            this.server = server;
            this.domain = domain;
        }

        @Override
        public String name() {
            return "ejabberd";
        }

        @Override
        public void connect() throws Exception {
            if (clients != null) {
                int gone = loop.submit(lost::cardinality).get();
                if (gone == 0) {
                    return;
                }
                // A lost occupant has left the room: start over with a fresh room rather than rejoin one by one.
                System.out.printf(Locale.ROOT, "%d XMPP clients lost: all reconnect to a fresh room%n", gone);
                disconnect();
            }
            long start = System.nanoTime();
            room = "fanout-" + size + "-" + UUID.randomUUID().toString().substring(0, 8) + "@conference." + domain;
            closed.clear();
            List<XmppClient> all = new ArrayList<>(size);
            all.addAll(Logins.bounded(1, 1, "xmpp room", i -> member(0)));
            all.addAll(Logins.bounded(size - 1, 200, "xmpp join", i -> member(i + 1)));
            clients = all;
            System.out.printf(Locale.ROOT, "%d XMPP clients in %s ready in %.1f s%n", size, room,
                    (System.nanoTime() - start) / 1e9);
        }

        /** Connects, logs in anonymously and joins the room; member 0 creates and configures it. */
        private CompletableFuture<XmppClient> member(int index) {
            CompletableFuture<XmppClient> ready = new CompletableFuture<>();
            CompletableFuture<Void> gone = closed.track();
            String nick = "m" + index + "-" + attempts.incrementAndGet();
            XmppClient client = new XmppClient(domain, "bench", new XmppClient.Listener() {
                @Override
                public void onReady(XmppClient x, String jid) {
                    x.join(room, nick);
                }

                @Override
                public void onJoined(XmppClient x, String r) {
                    if (index == 0) {
                        x.configureInstantRoom(r);
                    } else {
                        ready.complete(x);
                    }
                }

                @Override
                public void onResult(XmppClient x, String id) {
                    ready.complete(x); // the owner's configuration was accepted
                }

                @Override
                public void onGroupchat(XmppClient x, String from, String body) {
                    received(index, body, System.nanoTime());
                }

                @Override
                public void onClosed(XmppClient x, Throwable cause) {
                    socketClosed(index, "XMPP", ready, gone, cause);
                }
            });
            // A join that does not complete in time is closed, so a retry does not leave a stray occupant behind.
            ready.orTimeout(60, TimeUnit.SECONDS).whenComplete((x, e) -> {
                if (e != null) {
                    loop.execute(client::disconnect);
                }
            });
            loop.connect(server, client);
            return ready;
        }

        @Override
        void close(XmppClient client) {
            client.disconnect();
        }

        /** A whitespace keepalive per client (the server configuration has no idle timeout; keeps peers alike). */
        @Override
        void ping(XmppClient client) {
            client.ping();
        }

        @Override
        Runnable transmission(XmppClient sender, Round round) {
            String to = room;
            return () -> sender.groupchat(to, round.text);
        }
    }

    /** Context root of the bare endpoint's WAR on a node this benchmark starts, and the endpoint's path in it. */
    static final String BARE_CONTEXT = "bare";
    static final String BARE_PATH = "/fanout";
    /** The bare WAR's classes, copied from this benchmark's own class path (the endpoint has no nested classes). */
    private static final String BARE_PACKAGE = "org/parley/bench/bare/";
    private static final List<String> BARE_CLASSES = List.of("BareFanoutEndpoint.class");
    /**
     * Parley's own container settings, which the bare WAR carries too so that it is a fair floor: the listener that
     * turns the WebSocket container's idle timeout off ({@code SocketIdleTimeout}) and the one that takes Tyrus's
     * per-socket idle timers off Payara's managed scheduled executor ({@code ContainerTimers}, with its scheduler
     * {@code SocketTimerScheduler}). Without them every frame in and out re-arms a timer on that executor, with a
     * context capture per task, which Parley does not pay. Their class files (and any nested classes,
     * {@code Name$...}) are copied from parley-node.war, the very bytes the node under test runs, not rewritten.
     */
    private static final String PARLEY_PACKAGE = "org/parley/interfaces/websocket/";
    private static final List<String> PARLEY_CONTAINER_CLASSES = List.of("SocketIdleTimeout", "ContainerTimers",
            "SocketTimerScheduler");

    /**
     * Writes {@code bare.war} into a fresh temporary directory: a manifest and WEB-INF/classes/ with the bare
     * endpoint's class file and, unless {@code naive}, Parley's container listeners taken from {@code nodeWar};
     * nothing else (no web.xml: the container finds {@code @ServerEndpoint} and {@code @WebListener} by scanning).
     */
    static Path bareWar(Path nodeWar, boolean naive) throws IOException {
        Path war = Files.createTempDirectory("parley-bare-").resolve("bare.war");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(war), manifest)) {
            directories(out, "WEB-INF/classes/" + BARE_PACKAGE, new HashSet<>());
            for (String name : BARE_CLASSES) {
                try (InputStream in = FanoutBenchmark.class.getResourceAsStream("/" + BARE_PACKAGE + name)) {
                    if (in == null) {
                        throw new IllegalStateException(BARE_PACKAGE + name + " is not on the class path");
                    }
                    out.putNextEntry(new JarEntry("WEB-INF/classes/" + BARE_PACKAGE + name));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
            if (!naive) {
                copyContainerClasses(nodeWar, out);
            }
        }
        return war;
    }

    /** Entries for {@code path} and each of its parent directories not written yet. */
    private static void directories(JarOutputStream out, String path, Set<String> written)
            throws IOException {
        String dir = "";
        for (String part : path.split("/")) {
            dir += part + "/";
            if (written.add(dir)) {
                out.putNextEntry(new JarEntry(dir));
                out.closeEntry();
            }
        }
    }

    private static void copyContainerClasses(Path nodeWar, JarOutputStream out) throws IOException {
        String prefix = "WEB-INF/classes/" + PARLEY_PACKAGE;
        List<String> copied = new ArrayList<>();
        try (ZipFile node = new ZipFile(nodeWar.toFile())) {
            directories(out, prefix, new HashSet<>(List.of("WEB-INF/", "WEB-INF/classes/",
                    "WEB-INF/classes/org/", "WEB-INF/classes/org/parley/")));
            for (ZipEntry entry : Collections.list(node.entries())) {
                String name = entry.getName();
                if (!name.startsWith(prefix) || !name.endsWith(".class")) {
                    continue;
                }
                String simple = name.substring(prefix.length(), name.length() - ".class".length());
                String outer = simple.contains("$") ? simple.substring(0, simple.indexOf('$')) : simple;
                if (simple.contains("/") || !PARLEY_CONTAINER_CLASSES.contains(outer)) {
                    continue;
                }
                out.putNextEntry(new JarEntry(name));
                try (InputStream in = node.getInputStream(entry)) {
                    in.transferTo(out);
                }
                out.closeEntry();
                copied.add(simple);
            }
        }
        for (String wanted : PARLEY_CONTAINER_CLASSES) {
            if (!copied.contains(wanted)) {
                throw new IllegalStateException(PARLEY_PACKAGE + wanted + ".class is not in " + nodeWar);
            }
        }
        System.out.println("bare.war carries Parley's container listeners from " + nodeWar.getFileName() + ": "
                + String.join(", ", copied));
    }

    /**
     * The nodes under test: started here (one Payara Micro node, or a cluster), or given by fanout.target; and the
     * bare endpoint's URI, or null.
     */
    static final class Nodes implements AutoCloseable {

        final List<URI> targets;
        final URI bare;
        final String bareDescription;
        private final AutoCloseable owned;
        private final Path bareWar;

        private Nodes(List<URI> targets, URI bare, String bareDescription, AutoCloseable owned, Path bareWar) {
            this.targets = targets;
            this.bare = bare;
            this.bareDescription = bareDescription;
            this.owned = owned;
            this.bareWar = bareWar;
        }

        /**
         * @param bareSetting fanout.bare: "" (deploy it, with Parley's container listeners, if one node is started
         *     here), "naive" (deploy the endpoint alone), "none", or a ws URI
         */
        static Nodes start(String bareSetting) throws Exception {
            URI bareGiven = bareSetting.isEmpty() || bareSetting.equals("none") || bareSetting.equals("naive") ? null
                    : URI.create(bareSetting);
            String target = System.getProperty("fanout.target", "");
            if (!target.isBlank()) {
                return new Nodes(Arrays.stream(target.split(",")).map(String::trim).map(URI::create).toList(),
                        bareGiven, bareGiven != null ? bareGiven.toString() : bareSetting.equals("none") ? "none"
                                : "none (with fanout.target, give fanout.bare=ws://host:port/" + BARE_CONTEXT
                                        + BARE_PATH + ")", null, null);
            }
            List<String> options = new ArrayList<>(List.of("-Dparley.device.limit=0", "-Dparley.device.type-limit=0",
                    "-Dparley.password.bcrypt-cost=4"));
            String extra = System.getProperty("fanout.node-options", "");
            if (!extra.isBlank()) {
                options.addAll(List.of(extra.trim().split("\\s+")));
            }
            int count = Integer.getInteger("fanout.nodes", 1);
            if (count == 1) {
                MicroNode node = new MicroNode(Path.of(MicroNode.property("parley.testDir"))
                        .resolve("fanout-" + System.currentTimeMillis()), options);
                Path war = bareSetting.isEmpty() || bareSetting.equals("naive")
                        ? bareWar(Path.of(MicroNode.property("parley.nodeWar")), bareSetting.equals("naive")) : null;
                if (war != null) {
                    node.alsoDeploy(war, BARE_CONTEXT);
                }
                try {
                    node.start();
                } catch (Exception e) {
                    deleteWar(war);
                    throw e;
                }
                URI bare = war != null ? node.wsUri().resolve("/" + BARE_CONTEXT + BARE_PATH) : bareGiven;
                return new Nodes(List.of(node.wsUri()), bare, bare == null ? "none"
                        : war != null ? bare + " (" + war.getFileName() + " on the same node"
                                + (bareSetting.equals("naive") ? ", naive: without Parley's container listeners)" : ")")
                        : bare.toString(),
                        node, war);
            }
            TestCluster cluster = new TestCluster(count, options).start(count);
            cluster.awaitMembers(count, cluster.nodes());
            return new Nodes(cluster.nodes().stream().map(MicroNode::wsUri).toList(), bareGiven,
                    bareGiven != null ? bareGiven.toString() : bareSetting.equals("none") ? "none"
                            : "none (not deployed with fanout.nodes > 1)", cluster, null);
        }

        private static void deleteWar(Path war) throws IOException {
            if (war != null) {
                Files.deleteIfExists(war);
                Files.deleteIfExists(war.getParent());
            }
        }

        @Override
        public void close() throws Exception {
            try {
                if (owned != null) {
                    owned.close();
                }
            } finally {
                deleteWar(bareWar);
            }
        }
    }

    private FanoutBenchmark() {
    }
}
