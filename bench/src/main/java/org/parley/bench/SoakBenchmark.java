package org.parley.bench;

import jakarta.json.JsonObject;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.stream.Collectors;
import org.parley.client.TimHttp;
import org.parley.it.MicroNode;
import org.parley.it.Users;
import org.parley.protocol.BigData;
import org.parley.protocol.ClientFrame;
import org.parley.protocol.FrameType;
import org.parley.protocol.ServerFrame;
import org.parley.protocol.ThriftCodec;
import org.parley.protocol.Tid;
import org.parley.protocol.TimAck;
import org.parley.protocol.TimMessage;
import org.parley.protocol.TimMessageList;
import org.parley.protocol.TimPresence;
import org.parley.protocol.TimStruct;

/**
 * A soak: one node under mixed traffic with steady reconnects for a long time (30 minutes by default), sampled every
 * minute for its live heap after a full GC, to see whether anything accumulates. Issue 11's "heap after GC stays
 * flat".
 *
 * <p>Setup: N users registered, logged in ({@link TimSession} on one {@link NioLoop}), befriended in pairs (2k, 2k+1)
 * and spread over a few open rooms (user i in room i mod rooms). Then, for {@code soak.duration}, at steady rates:
 * 1:1 messages to the friend (ack-required pushes, acknowledged by the generator; a message counts as delivered at
 * its first copy at the friend, live or in an offline batch), room messages (every online member gets an
 * ack-required copy), presence to the friend, big-data text frames (95) to the friend, tim pings (each socket about
 * once a minute), reconnects (a user's socket closed, and the user logged in again 1–4 s later, by password or by a
 * token from {@code /tim2}, followed by the bootstrap tim's clients send: PING, OFFLINEMSG, BROADPRESENCE) and a
 * trickle of bad input (a socket that sends a TIMMESSAGE before AUTH, an unknown frame type, a TIMMESSAGE whose
 * Thrift body is cut in half). Sockets the server closes are logged in again too.
 *
 * <p>A sample ({@link SessionsBenchmark#sample}: two {@code jcmd GC.run}, G1's "used", the class histogram's live
 * bytes, RSS) is taken before the traffic starts and every {@code soak.sample}; beside it the node's devices and
 * pending pushes ({@code GET /api/cluster}), sockets and threads ({@code /proc}), and what the generator sent and
 * received in the interval. The end prints the table, the slope of live heap over the second half (least squares,
 * MiB per 10 minutes), first against last sample, and the classes that grew. Delivery is checked all along: an
 * interval in which 1:1 messages were sent and none arrived is a stall; {@code soak.stall-intervals} in a row (2)
 * stop the run as failed. At the end every 1:1 message the node confirmed (the sender's echo carries its mid) must
 * have reached the friend, else the run fails.
 *
 * <p>Properties: {@code soak.duration} (PT30M), {@code soak.sample} (PT1M), {@code soak.users} (300, even),
 * {@code soak.rooms} (4), rates per second {@code soak.direct-rate} (20), {@code soak.room-rate} (2),
 * {@code soak.presence-rate} (5), {@code soak.bigdata-rate} (1), {@code soak.reconnect-rate} (1),
 * {@code soak.bad-rate} (0.2); {@code soak.bigdata-bytes} (8192), {@code soak.token-share} (0.5 of the reconnects
 * log in by token), {@code soak.flat-limit} (1.0 MiB per 10 minutes: the verdict's bound on the second half's
 * slope), {@code soak.node-options} (extra JVM options of the node; it gets {@code -Xmx512m} first),
 * {@code soak.out} (a directory for the samples as CSV and the class histograms at the start, at the start of the
 * second half and at the end; default under the node's test directory), {@code soak.jfr} (a file: a flight recording
 * of the node over the whole traffic, settings=default), {@code soak.shards} ({@code h2}: the node's embedded H2 file
 * shards, or {@code postgresql}: one PostgreSQL database per shard, {@code <soak.pgDatabase>0} and {@code 1},
 * dropped and created again first, so the node's heap holds no database page cache), {@code soak.pg}
 * ({@code 127.0.0.1:5432}), {@code soak.pgUser} ({@code postgres}, trust authentication), {@code soak.pgDatabase}
 * ({@code parley_soak}).
 */
public final class SoakBenchmark {

    private static final String ADMIN_TOKEN = "soak-bench-admin";
    private static final Duration TICK = Duration.ofMillis(50);

    record Config(Duration duration, Duration sample, int users, int rooms, double directRate, double roomRate,
            double presenceRate, double bigdataRate, double reconnectRate, double badRate, int bigdataBytes,
            double tokenShare, double flatLimit, int stallIntervals, String nodeOptions, String out, String jfr,
            String shards, String pg, String pgUser, String pgDatabase) {

        static Config fromSystemProperties() {
            Config c = new Config(
                    Duration.parse(System.getProperty("soak.duration", "PT30M")),
                    Duration.parse(System.getProperty("soak.sample", "PT1M")),
                    Integer.getInteger("soak.users", 300),
                    Integer.getInteger("soak.rooms", 4),
                    rate("soak.direct-rate", 20), rate("soak.room-rate", 2), rate("soak.presence-rate", 5),
                    rate("soak.bigdata-rate", 1), rate("soak.reconnect-rate", 1), rate("soak.bad-rate", 0.2),
                    Integer.getInteger("soak.bigdata-bytes", 8192),
                    rate("soak.token-share", 0.5),
                    rate("soak.flat-limit", 1.0),
                    Integer.getInteger("soak.stall-intervals", 2),
                    System.getProperty("soak.node-options", "").trim(),
                    System.getProperty("soak.out", "").trim(),
                    System.getProperty("soak.jfr", "").trim(),
                    System.getProperty("soak.shards", "h2").trim().toLowerCase(Locale.ROOT),
                    System.getProperty("soak.pg", "127.0.0.1:5432").trim(),
                    System.getProperty("soak.pgUser", "postgres").trim(),
                    System.getProperty("soak.pgDatabase", "parley_soak").trim());
            if (!c.shards.equals("h2") && !c.shards.equals("postgresql")) {
                throw new IllegalArgumentException("soak.shards must be h2 or postgresql, not " + c.shards);
            }
            if (!c.pgDatabase.matches("[a-z_][a-z0-9_]*")) {
                throw new IllegalArgumentException("soak.pgDatabase must be a plain lower-case name: " + c.pgDatabase);
            }
            if (c.users < 2 || c.users % 2 != 0 || c.rooms < 1 || c.rooms > c.users / 2) {
                throw new IllegalArgumentException("soak.users must be even and at least 2, soak.rooms 1..users/2");
            }
            return c;
        }

        private static double rate(String name, double otherwise) {
            return Double.parseDouble(System.getProperty(name, Double.toString(otherwise)));
        }

        /** The database of a shard on PostgreSQL: {@code shard0} in {@code <pgDatabase>0}. */
        String pgDatabase(String shard) {
            return pgDatabase + shard.substring("shard".length());
        }

        String host() {
            return pg.contains(":") ? pg.substring(0, pg.indexOf(':')) : pg;
        }

        String port() {
            return pg.contains(":") ? pg.substring(pg.indexOf(':') + 1) : "5432";
        }
    }

    /** The node's shards (its default, {@code parley.shards}). */
    private static final List<String> SHARDS = List.of("shard0", "shard1");

    public static void main(String[] args) throws Exception {
        Config config = Config.fromSystemProperties();
        boolean ok = false;
        MicroNode node = null;
        try (NioLoop loop = new NioLoop()) {
            List<String> options = new ArrayList<>(List.of("-Dparley.device.limit=0", "-Dparley.device.type-limit=0",
                    "-Dparley.password.bcrypt-cost=4", "-Dparley.admin.token=" + ADMIN_TOKEN,
                    "-Dparley.limit.trusted-addresses=127.0.0.1"));
            if (!config.nodeOptions.isEmpty()) {
                options.addAll(List.of(config.nodeOptions.split("\\s+")));
            }
            Path dir = Path.of(MicroNode.property("parley.testDir")).resolve("soak-" + System.currentTimeMillis());
            if (config.shards.equals("h2")) {
                node = new MicroNode(dir, options);
            } else {
                node = new MicroNode(dir, options, postgresShards(config, dir), MicroNode.freePort(), null, null);
            }
            MicroNode started = node;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.kill(); // a no-op after a normal stop; an interrupted soak leaves no node behind
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            node.start();
            Path out = config.out.isEmpty() ? dir.resolve("soak-out") : Path.of(config.out);
            Files.createDirectories(out);
            System.out.printf(Locale.ROOT, "node started with -Xmx512m %s on %s shards (log %s); output in %s%n",
                    options, config.shards, dir.resolve("node.log"), out);
            ok = new Soak(loop, node.wsUri(), NodeProcess.of(node.wsUri()), config, out).run();
        } catch (Exception e) {
            e.printStackTrace();
        } finally {
            if (node != null) {
                node.stop();
            }
        }
        System.exit(ok ? 0 : 1);
    }

    /**
     * Empty PostgreSQL databases for the shards (dropped first if a former soak left them), the post-boot file that
     * points the node's pools at them, and the driver for the node. Returns the post-boot file.
     */
    private static Path postgresShards(Config config, Path dir) throws Exception {
        PgShards.loadDriver();
        // The maintenance database: CREATE and DROP DATABASE cannot run in the database they name.
        String url = "jdbc:postgresql://" + config.pg + "/postgres?user=" + config.pgUser;
        try (Connection c = DriverManager.getConnection(url);
                Statement st = c.createStatement()) {
            for (String shard : SHARDS) {
                st.execute("DROP DATABASE IF EXISTS " + config.pgDatabase(shard));
                st.execute("CREATE DATABASE " + config.pgDatabase(shard));
            }
        }
        Path postBoot = Files.createDirectories(dir).resolve("postgresql-resources.asadmin");
        Files.writeString(postBoot, PgShards.resources("Each shard in its own PostgreSQL database (SoakBenchmark).",
                config.host(), config.port(), config.pgUser, SHARDS, config::pgDatabase, shard -> null,
                shard -> "parley-soak-" + shard, false));
        PgShards.driverForNodes();
        System.out.println("shards in PostgreSQL at " + config.pg + ": " + SHARDS.stream().map(config::pgDatabase)
                .toList());
        return postBoot;
    }

    /** Cumulative counts of what the generator did and saw; the table shows their differences per interval. */
    enum Count {
        DIRECT_SENT, DIRECT_ECHOED, DIRECT_DELIVERED, DIRECT_OFFLINE, DIRECT_DUPLICATES, ROOM_SENT, ROOM_EXPECTED,
        ROOM_COPIES, PRESENCE_SENT, PRESENCE_RECEIVED, PRESENCE_OFFLINE, BIGDATA_SENT, BIGDATA_RECEIVED, PINGS,
        RECONNECTS_PASSWORD, RECONNECTS_TOKEN, RELOGIN_FAILURES, SOCKETS_LOST, OFFLINE_FETCHES, BAD_SENT,
        BAD_PREAUTH_SENT, BAD_PREAUTH_CLOSED, BAD_ANSWERED, ERRORS, UNREADABLE
    }

    /** One sample of the node and the counts so far. */
    record Sample(double minutes, SessionsBenchmark.Sample heap, int devices, int pendingPushes, int sockets,
            int threads, long[] counts, double p50, double p99, String load) {

        long count(Count c) {
            return counts[c.ordinal()];
        }
    }

    /** One soak run against one node. */
    static final class Soak {

        private final NioLoop loop;
        private final URI ws;
        private final NodeProcess node;
        private final Config config;
        private final Path out;
        private final AtomicLong[] counts = new AtomicLong[Count.values().length];
        private final TimHttp http = new TimHttp(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(),
                Duration.ofSeconds(60));
        private final ScheduledExecutorService later = Executors.newScheduledThreadPool(2);
        private List<String> names;
        private String[] nodes;
        private String[] rooms;
        /** The user's logged-in session, or null while it is closed or logging in again. */
        private AtomicReferenceArray<TimSession> online;
        private final AtomicInteger reloginsInFlight = new AtomicInteger();
        private final AtomicLong seq = new AtomicLong();
        /** 1:1 messages sent and not yet at the friend, by sequence number: when they were sent. */
        private final Map<Long, Long> undelivered = new ConcurrentHashMap<>();
        /** 1:1 messages sent whose echo (the node stored them: it carries the mid) has not come back yet. */
        private final Set<Long> unechoed = ConcurrentHashMap.newKeySet();
        /** Live 1:1 delivery latencies (ms) since the last sample. */
        private final ConcurrentLinkedQueue<Double> latencies = new ConcurrentLinkedQueue<>();
        /** Error acks by "timType/code". */
        private final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
        private final List<Sample> samples = new ArrayList<>();
        private final List<NodeProcess.Histogram> histograms = new ArrayList<>();
        private volatile String failure;
        /** The run is over: sockets closing now are not logged in again. */
        private volatile boolean over;
        private final byte[] filler;

        Soak(NioLoop loop, URI ws, NodeProcess node, Config config, Path out) {
            this.loop = loop;
            this.ws = ws;
            this.node = node;
            this.config = config;
            this.out = out;
            for (int i = 0; i < counts.length; i++) {
                counts[i] = new AtomicLong();
            }
            filler = new byte[config.bigdataBytes];
            Arrays.fill(filler, (byte) 'x');
        }

        private void add(Count c) {
            counts[c.ordinal()].incrementAndGet();
        }

        private void add(Count c, long n) {
            counts[c.ordinal()].addAndGet(n);
        }

        boolean run() throws Exception {
            setUp();
            if (!config.jfr.isEmpty()) {
                node.jcmd("JFR.start", "name=soak", "settings=default");
            }
            sample(0);
            long start = System.nanoTime();
            long end = start + config.duration.toNanos();
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            long every = config.sample.toMillis();
            sampler.scheduleAtFixedRate(() -> {
                try {
                    sample((System.nanoTime() - start) / 6e10);
                } catch (Exception e) {
                    System.out.println("sample failed: " + e);
                }
            }, every, every, TimeUnit.MILLISECONDS);
            try {
                drive(end);
            } finally {
                sampler.shutdown();
                sampler.awaitTermination(5, TimeUnit.MINUTES);
            }
            return finish(start);
        }

        // ---------------------------------------------------------------------------------------------- setup

        private void setUp() throws Exception {
            long t0 = System.nanoTime();
            names = Logins.names("soak", config.users);
            Logins.register(ws, names, 8);
            List<TimSession> sessions = Logins.login(loop, List.of(ws), names, 32);
            online = new AtomicReferenceArray<>(config.users);
            nodes = new String[config.users];
            for (TimSession s : sessions) {
                nodes[s.index()] = s.node();
                s.handler(handler);
                online.set(s.index(), s);
            }
            // Friends in pairs (2k, 2k+1), as tim's clients make them (Users.befriend: both sides' notices awaited).
            Users users = new Users(ws);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> work = new ArrayList<>();
                for (int k = 0; k < config.users; k += 2) {
                    int a = k;
                    work.add(pool.submit(() -> {
                        users.befriend(names.get(a), nodes[a], names.get(a + 1), nodes[a + 1]);
                        return null;
                    }));
                }
                for (Future<?> w : work) {
                    w.get(5, TimeUnit.MINUTES);
                }
            } finally {
                pool.shutdownNow();
            }
            rooms = new String[config.rooms];
            for (int r = 0; r < config.rooms; r++) {
                rooms[r] = Rooms.create(sessions.get(r), "soak-" + r);
                List<TimSession> joiners = new ArrayList<>();
                for (int i = r + config.rooms; i < config.users; i += config.rooms) {
                    joiners.add(sessions.get(i));
                }
                Rooms.join(joiners, rooms[r], 32);
                int listed = Rooms.members(sessions.get(r), rooms[r]);
                if (listed != joiners.size() + 1) {
                    throw new IllegalStateException("room " + r + " lists " + listed + " members, expected "
                            + (joiners.size() + 1));
                }
            }
            for (TimSession s : sessions) {
                bootstrap(s);
            }
            TimeUnit.SECONDS.sleep(5);
            System.out.printf(Locale.ROOT, "setup: %d users registered, logged in, befriended in pairs and in %d rooms"
                    + " in %.1f s%n", config.users, config.rooms, (System.nanoTime() - t0) / 1e9);
        }

        /** What tim's clients send right after a login (§7.3): a ping, the offline queue, "online" to friends. */
        private void bootstrap(TimSession s) {
            loop.execute(() -> {
                s.send(FrameType.PING, null);
                s.send(FrameType.OFFLINEMSG, null);
                s.send(FrameType.BROADPRESENCE, new TimPresence().setSubStatus((byte) 1).setStatus("online"));
            });
        }

        // ---------------------------------------------------------------------------------------------- traffic

        /** Sends at the configured rates until {@code end} (or a failure). */
        private void drive(long end) throws InterruptedException {
            double[] due = new double[6];
            double[] rates = {config.directRate, config.roomRate, config.presenceRate, config.bigdataRate,
                    config.reconnectRate, config.badRate};
            // Each socket pings about once a minute, round-robin.
            double pingRate = config.users / 60.0;
            double pingDue = 0;
            int nextPing = 0;
            int badKind = 0;
            long last = System.nanoTime();
            while (System.nanoTime() < end && failure == null) {
                TimeUnit.NANOSECONDS.sleep(TICK.toNanos());
                long now = System.nanoTime();
                // Rates over the time that passed, not per tick: a busy machine makes the ticks longer.
                double seconds = (now - last) / 1e9;
                last = now;
                for (int kind = 0; kind < due.length; kind++) {
                    due[kind] += rates[kind] * seconds;
                    while (due[kind] >= 1) {
                        due[kind] -= 1;
                        switch (kind) {
                            case 0 -> direct();
                            case 1 -> room();
                            case 2 -> presence();
                            case 3 -> bigdata();
                            case 4 -> reconnect();
                            default -> bad(badKind++ % 3);
                        }
                    }
                }
                pingDue += pingRate * seconds;
                while (pingDue >= 1) {
                    pingDue -= 1;
                    TimSession s = online.get(nextPing);
                    nextPing = (nextPing + 1) % config.users;
                    if (s != null) {
                        s.ping();
                        add(Count.PINGS);
                    }
                }
            }
        }

        /** A user who is logged in now, picked at random; -1 if a few tries find none. */
        private int pick() {
            for (int tries = 0; tries < 20; tries++) {
                int u = ThreadLocalRandom.current().nextInt(config.users);
                if (online.get(u) != null) {
                    return u;
                }
            }
            return -1;
        }

        private static int friend(int u) {
            return u ^ 1;
        }

        /**
         * Sends {@code frame} from user {@code u}'s session on the selector thread, unless that session is closed by
         * then; {@code sent} runs there right before the write.
         */
        private void send(int u, byte[] frame, Runnable sent) {
            TimSession s = online.get(u);
            if (s == null) {
                return;
            }
            loop.execute(() -> {
                if (!s.closedFuture().isDone()) {
                    sent.run();
                    s.sendFrame(frame);
                }
            });
        }

        private static byte[] frame(int type, TimStruct<?> body) {
            return ClientFrame.build(type, false, ThriftCodec.INSTANCE.encode(body));
        }

        private void direct() {
            int u = pick();
            if (u < 0) {
                return;
            }
            int f = friend(u);
            long n = seq.incrementAndGet();
            // "d <seq> <from> <to> ..." padded to about 100 characters, as the throughput benchmark's messages.
            String text = String.format(Locale.ROOT, "d %d %d %d %s", n, u, f, "y".repeat(80));
            byte[] frame = frame(FrameType.MESSAGE, new TimMessage().setMsType((byte) 2).setOdType((byte) 1)
                    .setToTid(new Tid(nodes[f])).setDataString(text));
            send(u, frame, () -> {
                undelivered.put(n, System.nanoTime());
                unechoed.add(n);
                add(Count.DIRECT_SENT);
            });
        }

        private void room() {
            int u = pick();
            if (u < 0) {
                return;
            }
            int r = u % config.rooms;
            String text = String.format(Locale.ROOT, "r %d %d %d", seq.incrementAndGet(), u, r);
            byte[] frame = frame(FrameType.MESSAGE, new TimMessage().setMsType((byte) 3).setOdType((byte) 1)
                    .setRoomTid(new Tid(rooms[r])).setDataString(text));
            send(u, frame, () -> {
                int members = 0;
                for (int i = r; i < config.users; i += config.rooms) {
                    members += online.get(i) != null ? 1 : 0;
                }
                add(Count.ROOM_SENT);
                add(Count.ROOM_EXPECTED, members);
            });
        }

        private void presence() {
            int u = pick();
            if (u >= 0) {
                send(u, frame(FrameType.PRESENCE, new TimPresence().setSubStatus((byte) 1)
                        .setToTid(new Tid(nodes[friend(u)])).setShow((short) 1).setStatus("busy")),
                        () -> add(Count.PRESENCE_SENT));
            }
        }

        private void bigdata() {
            int u = pick();
            if (u < 0) {
                return;
            }
            byte[] head = String.format(Locale.ROOT, "b %d %d ", seq.incrementAndGet(), u).getBytes(StandardCharsets.UTF_8);
            byte[] payload = Arrays.copyOf(head, head.length + filler.length);
            System.arraycopy(filler, 0, payload, head.length, filler.length);
            send(u, new BigData(FrameType.BIGSTRING, nodes[friend(u)], payload).toFrame(),
                    () -> add(Count.BIGDATA_SENT));
        }

        /**
         * User {@code u} leaves: no new traffic is sent from it at once, its socket closes a second later (so what it
         * sent has reached the node; the close resets the connection), and it logs in again 0–3 s after that.
         */
        private void reconnect() {
            int u = pick();
            if (u < 0) {
                return;
            }
            TimSession s = online.getAndSet(u, null);
            if (s == null) {
                return;
            }
            reloginsInFlight.incrementAndGet();
            later.schedule(s::close, 1, TimeUnit.SECONDS);
            later.schedule(() -> relogin(u), 1000 + ThreadLocalRandom.current().nextInt(3000), TimeUnit.MILLISECONDS);
        }

        /** Logs user {@code u} in again, by token or password; retried every 5 s until it works. */
        private void relogin(int u) {
            boolean byToken = ThreadLocalRandom.current().nextDouble() < config.tokenShare;
            String name = names.get(u);
            (byToken
                    ? http.tokenAsync(ws, name, Logins.PASSWORD, null, false)
                            .thenCompose(token -> TimSession.loginWithToken(loop, ws, u, name, token))
                    : TimSession.login(loop, ws, u, name, Logins.PASSWORD))
                    .orTimeout(60, TimeUnit.SECONDS)
                    .whenComplete((s, e) -> {
                        if (e != null) {
                            if (counts[Count.RELOGIN_FAILURES.ordinal()].incrementAndGet() <= 5) {
                                System.out.println("login of user " + u + (byToken ? " by token" : "") + " failed: " + e);
                            }
                            later.schedule(() -> relogin(u), 5, TimeUnit.SECONDS);
                            return;
                        }
                        s.handler(handler);
                        bootstrap(s);
                        online.set(u, s);
                        add(byToken ? Count.RECONNECTS_TOKEN : Count.RECONNECTS_PASSWORD);
                        reloginsInFlight.decrementAndGet();
                    });
        }

        /** Bad input, by kind: a frame before AUTH, an unknown frame type, a TIMMESSAGE cut in half. */
        private void bad(int kind) {
            if (kind == 0) {
                add(Count.BAD_PREAUTH_SENT);
                loop.connect(new InetSocketAddress(ws.getHost(), ws.getPort()), new WsClient(ws, new WsClient.Listener() {
                    @Override
                    public void onOpen(WsClient socket) {
                        socket.sendBinary(new byte[] {FrameType.MESSAGE, 0x01, 0x02});
                    }

                    @Override
                    public void onMessage(WsClient socket, byte[] message) {
                        // none expected: the node closes the socket without a reply
                    }

                    @Override
                    public void onClosed(WsClient socket, Throwable cause) {
                        add(Count.BAD_PREAUTH_CLOSED);
                    }
                }));
                return;
            }
            int u = pick();
            if (u < 0) {
                return;
            }
            byte[] frame;
            if (kind == 1) {
                frame = ClientFrame.build(0x30, false, null);
            } else {
                byte[] whole = frame(FrameType.MESSAGE, new TimMessage().setMsType((byte) 2).setOdType((byte) 1)
                        .setToTid(new Tid(nodes[friend(u)])).setDataString("never delivered: cut in half"));
                frame = Arrays.copyOf(whole, whole.length / 2);
            }
            send(u, frame, () -> add(Count.BAD_SENT));
        }

        // ---------------------------------------------------------------------------------------------- arrivals

        private final TimSession.Handler handler = new TimSession.Handler() {
            @Override
            public void onMessage(TimSession session, TimMessage m, long arrivedNanos) {
                arrived(session, m, arrivedNanos, false);
            }

            @Override
            public void onLost(TimSession session, Throwable cause) {
                add(Count.SOCKETS_LOST);
                if (!over && online.compareAndSet(session.index(), session, null)) {
                    reloginsInFlight.incrementAndGet();
                    later.schedule(() -> relogin(session.index()), 1, TimeUnit.SECONDS);
                }
            }

            @Override
            public void onFrame(TimSession session, ServerFrame frame) {
                try {
                    switch (frame.type()) {
                        case FrameType.ACK -> {
                            TimAck a = frame.decodeBody(false, TimAck.class);
                            if (!Boolean.TRUE.equals(a.getOk())) {
                                error(a);
                            }
                        }
                        case FrameType.OFFLINEMSG -> {
                            List<TimMessage> list = frame.decodeBody(false, TimMessageList.class).getMessageList();
                            for (TimMessage m : list == null ? List.<TimMessage>of() : list) {
                                arrived(session, m, System.nanoTime(), true);
                            }
                        }
                        case FrameType.OFFLINEMSGEND -> add(Count.OFFLINE_FETCHES);
                        case FrameType.PRESENCE -> add(Boolean.TRUE.equals(frame.decodeBody(false, TimPresence.class)
                                .getOffline()) ? Count.PRESENCE_OFFLINE : Count.PRESENCE_RECEIVED);
                        case FrameType.BIGSTRING -> {
                            if (BigData.parse(frame.data()).text().startsWith("b ")) {
                                add(Count.BIGDATA_RECEIVED);
                            }
                        }
                        default -> {
                            // pongs, profiles and the rest: not counted
                        }
                    }
                } catch (RuntimeException e) {
                    if (counts[Count.UNREADABLE.ordinal()].incrementAndGet() <= 5) {
                        System.out.println("unreadable " + frame + " at " + session.name() + ": " + e);
                    }
                }
            }
        };

        private void error(TimAck a) {
            int code = a.getError() == null || a.getError().getCode() == null ? 0 : a.getError().getCode();
            String key = (a.getTimType() == null ? "?" : a.getTimType().toString()) + "/" + code;
            errors.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
            // The cut and unknown frames are answered 4104: the answers bad input asks for; the rest are errors.
            add(code == 4104 ? Count.BAD_ANSWERED : Count.ERRORS);
        }

        /** A TIMMESSAGE at {@code session}, live or from an offline batch. */
        private void arrived(TimSession session, TimMessage m, long nanos, boolean offline) {
            String text = m.getDataString();
            if (text == null || text.length() < 2 || text.charAt(1) != ' ') {
                return; // notices (friendship, room joins) and other server messages
            }
            String[] w = text.split(" ", 5);
            if (text.charAt(0) == 'd' && w.length >= 4) {
                long n = Long.parseLong(w[1]);
                int from = Integer.parseInt(w[2]);
                int to = Integer.parseInt(w[3]);
                if (session.index() == to) {
                    Long sent = undelivered.remove(n);
                    if (sent == null) {
                        add(Count.DIRECT_DUPLICATES);
                    } else {
                        add(Count.DIRECT_DELIVERED);
                        if (offline) {
                            add(Count.DIRECT_OFFLINE);
                        } else {
                            latencies.add((nanos - sent) / 1e6);
                        }
                    }
                } else if (session.index() == from && unechoed.remove(n)) {
                    add(Count.DIRECT_ECHOED);
                }
            } else if (text.charAt(0) == 'r') {
                add(Count.ROOM_COPIES);
            }
        }

        // ---------------------------------------------------------------------------------------------- samples

        private synchronized void sample(double minutes) throws Exception {
            List<Double> ms = new ArrayList<>();
            for (Double d; (d = latencies.poll()) != null; ) {
                ms.add(d);
            }
            long[] now = new long[counts.length];
            for (int i = 0; i < now.length; i++) {
                now[i] = counts[i].get();
            }
            SessionsBenchmark.Sample heap = SessionsBenchmark.sample(node);
            JsonObject cluster = SessionsBenchmark.cluster(ws, ADMIN_TOKEN);
            Sample s = new Sample(minutes, heap, cluster.getInt("localDevices"), cluster.getInt("pendingPushes"),
                    node.sockets(), node.threads(), now, ms.isEmpty() ? Double.NaN : Stats.percentile(ms, 50),
                    ms.isEmpty() ? Double.NaN : Stats.percentile(ms, 99), Stats.loadAverage());
            Sample before = samples.isEmpty() ? null : samples.get(samples.size() - 1);
            if (before == null) {
                System.out.println(HEADER);
            }
            samples.add(s);
            histograms.add(heap.histogram());
            System.out.println(row(before, s));
            if (before != null && minutes > 0) {
                checkDelivery(before, s);
            }
        }

        private int stalled;

        /** An interval in which 1:1 messages went out and none arrived is a stall; enough in a row fail the run. */
        private void checkDelivery(Sample before, Sample s) {
            long sent = s.count(Count.DIRECT_SENT) - before.count(Count.DIRECT_SENT);
            long delivered = s.count(Count.DIRECT_DELIVERED) - before.count(Count.DIRECT_DELIVERED);
            long rooms = s.count(Count.ROOM_COPIES) - before.count(Count.ROOM_COPIES);
            if (sent > 0 && (delivered == 0 || (config.roomRate > 0 && rooms == 0))) {
                stalled++;
                System.out.printf(Locale.ROOT, "DELIVERY STALLED: %d 1:1 messages sent in the last interval, %d"
                        + " delivered, %d room copies (%d such intervals in a row)%n", sent, delivered, rooms, stalled);
                if (stalled >= config.stallIntervals) {
                    failure = "delivery stopped for " + stalled + " sample intervals";
                }
            } else {
                stalled = 0;
            }
        }

        private static final String HEADER = String.format(Locale.ROOT, "%6s %8s %8s %7s %6s %6s %6s %6s %13s %8s"
                + " %14s %6s %6s %6s %6s %5s %5s %7s %5s", "min", "live MiB", "used MiB", "RSS MiB", "devs", "pend",
                "socks", "thrds", "1:1 sent/dlvd", "offline", "room sent/cps", "pres", "big", "recon", "lost", "bad",
                "errs", "p99 ms", "load");

        private static String row(Sample before, Sample s) {
            long[] prev = before == null ? new long[s.counts.length] : before.counts;
            java.util.function.ToLongFunction<Count> d = c -> s.count(c) - prev[c.ordinal()];
            return String.format(Locale.ROOT, "%6.1f %8.1f %8.1f %7.1f %6d %6d %6d %6d %6d/%-6d %8d %6d/%-7d %6d %6d"
                            + " %6d %6d %5d %5d %7.1f %5s", s.minutes, mib(s.heap.live()), mib(s.heap.used()),
                    mib(s.heap.rss()), s.devices, s.pendingPushes, s.sockets, s.threads, d.applyAsLong(Count.DIRECT_SENT),
                    d.applyAsLong(Count.DIRECT_DELIVERED), d.applyAsLong(Count.DIRECT_OFFLINE),
                    d.applyAsLong(Count.ROOM_SENT), d.applyAsLong(Count.ROOM_COPIES),
                    d.applyAsLong(Count.PRESENCE_RECEIVED), d.applyAsLong(Count.BIGDATA_RECEIVED),
                    d.applyAsLong(Count.RECONNECTS_PASSWORD) + d.applyAsLong(Count.RECONNECTS_TOKEN),
                    d.applyAsLong(Count.SOCKETS_LOST), d.applyAsLong(Count.BAD_SENT) + d.applyAsLong(Count.BAD_PREAUTH_SENT),
                    d.applyAsLong(Count.ERRORS), s.p99, s.load);
        }

        // ---------------------------------------------------------------------------------------------- the end

        /** Stops the traffic, lets every user log in and fetch its offline queue, then judges heap and delivery. */
        private boolean finish(long start) throws Exception {
            double trafficMinutes = (System.nanoTime() - start) / 6e10;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (reloginsInFlight.get() > 0 && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(200);
            }
            TimeUnit.SECONDS.sleep(5);
            for (int u = 0; u < config.users; u++) {
                TimSession s = online.get(u);
                if (s != null) {
                    loop.execute(() -> s.send(FrameType.OFFLINEMSG, null));
                }
            }
            TimeUnit.SECONDS.sleep(20);
            if (!config.jfr.isEmpty()) {
                Path file = Path.of(config.jfr).toAbsolutePath();
                node.jcmd("JFR.stop", "name=soak", "filename=" + file);
                System.out.println("flight recording of the node over the traffic: " + file);
            }
            List<Sample> traffic = List.copyOf(samples);
            System.out.println("after the traffic stopped, every user logged in again and its offline queue fetched:");
            sample(trafficMinutes + 25 / 60.0);
            Sample first = traffic.get(0);
            Sample last = traffic.get(traffic.size() - 1);
            Sample idle = samples.get(samples.size() - 1);

            System.out.println();
            System.out.println(HEADER);
            for (int i = 0; i < samples.size(); i++) {
                System.out.println(row(i == 0 ? null : samples.get(i - 1), samples.get(i)));
            }
            List<Sample> secondHalf = traffic.stream().filter(s -> s.minutes >= trafficMinutes / 2).toList();
            double liveSlope = 10 * slope(secondHalf, s -> mib(s.heap.live()));
            double usedSlope = 10 * slope(secondHalf, s -> mib(s.heap.used()));
            double wholeSlope = 10 * slope(traffic.stream().filter(s -> s.minutes > 0).toList(),
                    s -> mib(s.heap.live()));
            NodeProcess.Histogram mid = histograms.get(samples.indexOf(secondHalf.get(0)));
            NodeProcess.Histogram end = histograms.get(samples.indexOf(last));
            writeOut(first, mid);
            System.out.println("classes grown from the traffic's start to its end (KiB): " + grown(histograms.get(0), end));
            System.out.println("classes grown over the second half (KiB): " + grown(mid, end));
            System.out.println("classes grown from the traffic's start to the idle end (KiB): "
                    + grown(histograms.get(0), idle.heap.histogram()));
            System.out.println("error acks by timType/code: " + errors);

            long sent = idle.count(Count.DIRECT_SENT);
            long delivered = idle.count(Count.DIRECT_DELIVERED);
            long lostStored = undelivered.keySet().stream().filter(n -> !unechoed.contains(n)).count();
            long lostUnconfirmed = undelivered.keySet().stream().filter(unechoed::contains).count();
            long reconnects = idle.count(Count.RECONNECTS_PASSWORD) + idle.count(Count.RECONNECTS_TOKEN);
            boolean flat = Math.abs(liveSlope) <= config.flatLimit;
            boolean deliveredAll = lostStored == 0;
            System.out.printf(Locale.ROOT, "RESULT soak %.1f min, %d users: live heap after GC %.1f MiB at the start,"
                            + " %.1f MiB after the first minute, %.1f MiB at the end of the traffic, %.1f MiB idle after it;"
                            + " slope over the second half %+.2f MiB per 10 min (used %+.2f; whole run after the first"
                            + " minute %+.2f) -> %s (limit %.1f)%n",
                    trafficMinutes, config.users, mib(first.heap.live()), mib(traffic.get(Math.min(1, traffic.size() - 1))
                            .heap.live()), mib(last.heap.live()), mib(idle.heap.live()), liveSlope, usedSlope, wholeSlope,
                    flat ? "FLAT" : "NOT FLAT", config.flatLimit);
            System.out.printf(Locale.ROOT, "RESULT delivery: 1:1 sent %d, echoed %d, delivered %d (%d from offline"
                            + " queues), %d duplicates; not delivered: %d stored (echoed) -> %s, %d never confirmed by"
                            + " the node; room messages %d, copies %d of about %d expected; presence %d sent, %d"
                            + " received (+%d offline notices); big data %d sent, %d received; reconnects %d (%d by"
                            + " token), %d failed logins retried, %d sockets closed by the node; bad input: %d frames"
                            + " answered %d x 4104, %d sockets before AUTH, %d closed by the node; %d other error acks,"
                            + " %d unreadable frames; %d pings%n",
                    sent, idle.count(Count.DIRECT_ECHOED), delivered, idle.count(Count.DIRECT_OFFLINE),
                    idle.count(Count.DIRECT_DUPLICATES), lostStored, deliveredAll ? "OK" : "FAILED", lostUnconfirmed,
                    idle.count(Count.ROOM_SENT), idle.count(Count.ROOM_COPIES), idle.count(Count.ROOM_EXPECTED),
                    idle.count(Count.PRESENCE_SENT), idle.count(Count.PRESENCE_RECEIVED),
                    idle.count(Count.PRESENCE_OFFLINE), idle.count(Count.BIGDATA_SENT),
                    idle.count(Count.BIGDATA_RECEIVED), reconnects, idle.count(Count.RECONNECTS_TOKEN),
                    idle.count(Count.RELOGIN_FAILURES), idle.count(Count.SOCKETS_LOST), idle.count(Count.BAD_SENT),
                    idle.count(Count.BAD_ANSWERED), idle.count(Count.BAD_PREAUTH_SENT),
                    idle.count(Count.BAD_PREAUTH_CLOSED), idle.count(Count.ERRORS), idle.count(Count.UNREADABLE),
                    idle.count(Count.PINGS));
            if (failure != null) {
                System.out.println("FAILURE: " + failure);
            }
            if (!deliveredAll) {
                System.out.println("FAILURE: " + lostStored + " stored 1:1 messages never reached the friend, e.g. "
                        + undelivered.keySet().stream().filter(n -> !unechoed.contains(n)).limit(5).toList());
            }
            over = true;
            later.shutdownNow();
            List<TimSession> open = new ArrayList<>();
            for (int u = 0; u < config.users; u++) {
                if (online.get(u) != null) {
                    open.add(online.get(u));
                }
            }
            Logins.closeAll(open);
            return failure == null && deliveredAll;
        }

        /** The samples as CSV and the class histograms at the start, the second half's start and the end. */
        private void writeOut(Sample first, NodeProcess.Histogram mid) throws Exception {
            StringBuilder csv = new StringBuilder("minutes,live_bytes,used_bytes,rss_bytes,devices,pending_pushes,"
                    + "sockets,threads,p50_ms,p99_ms,load," + Arrays.stream(Count.values()).map(c -> c.name()
                    .toLowerCase(Locale.ROOT)).collect(Collectors.joining(",")) + "\n");
            for (Sample s : samples) {
                csv.append(String.format(Locale.ROOT, "%.2f,%d,%d,%d,%d,%d,%d,%d,%.2f,%.2f,%s,", s.minutes,
                        s.heap.live(), s.heap.used(), s.heap.rss(), s.devices, s.pendingPushes, s.sockets, s.threads,
                        s.p50, s.p99, s.load)).append(Arrays.stream(s.counts).mapToObj(Long::toString)
                        .collect(Collectors.joining(","))).append('\n');
            }
            Files.writeString(out.resolve("samples.csv"), csv);
            Files.writeString(out.resolve("histogram-first.txt"), first.heap.histogram().text());
            Files.writeString(out.resolve("histogram-mid.txt"), mid.text());
            Files.writeString(out.resolve("histogram-last.txt"), histograms.get(histograms.size() - 1).text());
        }

        private static String grown(NodeProcess.Histogram before, NodeProcess.Histogram after) {
            return String.format(Locale.ROOT, "total %+.1f; ", (after.totalBytes() - before.totalBytes()) / 1024.0)
                    + after.grownSince(before, 12).stream()
                    .map(e -> String.format(Locale.ROOT, "%s %+.1f", e.getKey(), e.getValue() / 1024.0))
                    .collect(Collectors.joining(", "));
        }

        /** Least-squares slope of {@code y} over the samples' minutes (per minute); 0 with fewer than two. */
        private static double slope(List<Sample> points, java.util.function.ToDoubleFunction<Sample> y) {
            if (points.size() < 2) {
                return 0;
            }
            double mx = points.stream().mapToDouble(Sample::minutes).average().orElse(0);
            double my = points.stream().mapToDouble(y).average().orElse(0);
            double num = 0;
            double den = 0;
            for (Sample p : points) {
                num += (p.minutes - mx) * (y.applyAsDouble(p) - my);
                den += (p.minutes - mx) * (p.minutes - mx);
            }
            return den == 0 ? 0 : num / den;
        }

        private static double mib(long bytes) {
            return bytes / 1048576.0;
        }
    }

    private SoakBenchmark() {
    }
}
