package org.parley.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.parley.client.Inbound;
import org.parley.client.TimClient;
import org.parley.client.TimListener;
import org.parley.it.MicroNode;
import org.parley.it.Users;
import org.parley.protocol.TimAck;
import org.parley.protocol.TimMessage;

/**
 * 1:1 durable messages per second on one node. {@code pairs} senders each write to their own friend and keep
 * {@code window} messages in flight; a message counts once the sender's echo (which carries the mid: the message is
 * stored) and the recipient's ack-required push (acknowledged by the client before it is counted) have both arrived,
 * and that frees its place in the window. Each run sends a fixed number of messages: a warm-up, the measured
 * messages (rate = measured messages / time between the warm-up's last completion and the measured ones' last), and
 * a tail that keeps every window full until the measurement ends. Latency is send until the recipient's arrival.
 * <p>
 * After each run every message must have been echoed once and delivered once, with the echo's mid, and the
 * recipients' offline queues must be empty (a push the device acknowledged leaves the queue); any violation is
 * printed as a FAILURE and the process exits with status 1.
 * <p>
 * System properties (all optional): {@code throughput.pairs} (50), {@code throughput.window} (8),
 * {@code throughput.messages} (10000, measured per run), {@code throughput.warmup} (2000 per run),
 * {@code throughput.warmupRuns} (5: whole runs first, checked but not counted, while the fresh node's JIT
 * compiles the hot path), {@code throughput.runs} (5), {@code throughput.size} (100, characters of text per message),
 * {@code throughput.db} ({@code h2}: the node's embedded H2 file shards, or {@code postgresql}: both shards in
 * PostgreSQL schemas {@code throughput_shard0/1}, dropped and recreated first), {@code throughput.pg}
 * ({@code 127.0.0.1:5432/test}), {@code throughput.pgUser} ({@code postgres}), {@code throughput.target} (the
 * {@code ws://…/tim} URI of a node that is already running: no node is started, nothing is reset),
 * {@code throughput.nodePid} (that node's pid, for its CPU figures), {@code throughput.nodeOptions} (extra JVM
 * options of a started node, space separated), {@code throughput.httpClients} (1: JDK HTTP clients the WebSockets
 * are spread over, each with its own selector thread), {@code throughput.runTimeout} (PT10M),
 * {@code throughput.settle} (PT2S: quiet time before the checks, so late duplicates show),
 * {@code throughput.probe} (PT0S: the client library's WebSocket control-ping probe interval; off by default),
 * {@code throughput.pgLogStatements} (false: true makes the PostgreSQL server log every statement of the node's
 * connections, to count statements per message; slows the node down).
 */
public final class ThroughputBenchmark {

    private static final String PG_SCHEMA_PREFIX = "throughput_";
    private static final List<String> SHARDS = List.of("shard0", "shard1");
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** How long a device may wait for its offline queue (batches and end marker) in the checks after a run. */
    private static final Duration OFFLINE_WAIT = Duration.ofSeconds(60);

    private ThroughputBenchmark() {
    }

    /** The benchmark's settings, from system properties. */
    record Config(int pairs, int window, int messages, int warmup, int warmupRuns, int runs, int size, String db, String pg,
            String pgUser, URI target, long nodePid, List<String> nodeOptions, int httpClients, Duration runTimeout,
            Duration settle, Duration probe) {

        static Config fromSystemProperties() {
            String target = System.getProperty("throughput.target", "").trim();
            String nodeOptions = System.getProperty("throughput.nodeOptions", "").trim();
            Config c = new Config(
                    Integer.getInteger("throughput.pairs", 50),
                    Integer.getInteger("throughput.window", 8),
                    Integer.getInteger("throughput.messages", 10_000),
                    Integer.getInteger("throughput.warmup", 2_000),
                    Integer.getInteger("throughput.warmupRuns", 5),
                    Integer.getInteger("throughput.runs", 5),
                    Integer.getInteger("throughput.size", 100),
                    System.getProperty("throughput.db", "h2").trim().toLowerCase(Locale.ROOT),
                    System.getProperty("throughput.pg", "127.0.0.1:5432/test").trim(),
                    System.getProperty("throughput.pgUser", "postgres").trim(),
                    target.isEmpty() ? null : URI.create(target),
                    Long.getLong("throughput.nodePid", -1),
                    nodeOptions.isEmpty() ? List.of() : List.of(nodeOptions.split("\\s+")),
                    Integer.getInteger("throughput.httpClients", 1),
                    Duration.parse(System.getProperty("throughput.runTimeout", "PT10M")),
                    Duration.parse(System.getProperty("throughput.settle", "PT2S")),
                    Duration.parse(System.getProperty("throughput.probe", "PT0S")));
            if (!c.db.equals("h2") && !c.db.equals("postgresql")) {
                throw new IllegalArgumentException("throughput.db must be h2 or postgresql, not " + c.db);
            }
            if (c.pairs < 1 || c.window < 1 || c.messages < 1 || c.warmup < 0 || c.warmupRuns < 0 || c.runs < 1 || c.httpClients < 1) {
                throw new IllegalArgumentException("pairs, window, messages, runs and httpClients must be positive");
            }
            return c;
        }

        /** Messages each pair sends per run: warm-up, measured messages and a tail, shared out evenly. */
        int quota() {
            int tail = Math.max(pairs * window, messages / 10);
            return (warmup + messages + tail + pairs - 1) / pairs;
        }

        String pgUrl() {
            return "jdbc:postgresql://" + pg + "?user=" + pgUser;
        }
    }

    public static void main(String[] args) throws Exception {
        Config cfg = Config.fromSystemProperties();
        boolean ok;
        MicroNode node = null;
        try {
            ok = run(cfg, node = cfg.target == null ? startNode(cfg) : null);
        } finally {
            if (node != null) {
                node.stop();
            }
        }
        System.exit(ok ? 0 : 1);
    }

    private static Path nodeDir;

    private static boolean run(Config cfg, MicroNode node) throws Exception {
        URI ws = node != null ? node.wsUri() : cfg.target;
        long nodePid = cfg.nodePid > 0 ? cfg.nodePid : node != null ? childNodePid() : -1;
        System.out.printf(Locale.ROOT, "throughput: %s, %s shards, %d pairs, window %d, %d warm-up + %d measured"
                        + " (+ tail) messages per run = %d per pair, %d warm-up runs + %d runs, %d-char texts, %d HTTP client(s), control-ping"
                        + " probe %s; node pid %s%n",
                ws, node == null ? "the running node's" : cfg.db, cfg.pairs, cfg.window, cfg.warmup, cfg.messages,
                cfg.quota(), cfg.warmupRuns, cfg.runs, cfg.size, cfg.httpClients, cfg.probe.isZero() ? "off" : cfg.probe,
                nodePid > 0 ? nodePid : "unknown");
        List<RunResult> results = new ArrayList<>();
        boolean ok = true;
        long setupStart = System.nanoTime();
        try (Fixture fixture = Fixture.create(ws, cfg)) {
            System.out.printf(Locale.ROOT, "setup: %d users registered, befriended and logged in in %.1f s%n",
                    2 * cfg.pairs, (System.nanoTime() - setupStart) / 1e9);
            for (int r = 0; r < cfg.warmupRuns + cfg.runs; r++) {
                RunResult result = new Run(fixture, cfg, r + 1, nodePid).execute();
                boolean warmingUp = r < cfg.warmupRuns;
                if (!warmingUp) {
                    results.add(result);
                }
                System.out.println((warmingUp ? "(warm-up, not counted) " : "") + result.line());
                for (String f : result.failures) {
                    System.out.println("FAILURE run " + (r + 1) + ": " + f);
                }
                ok &= result.failures.isEmpty();
            }
        }
        if (node != null) {
            List<String> stored = storedRowsCheck(cfg, node,
                    (cfg.warmupRuns + results.size()) * (long) cfg.quota() * cfg.pairs); // warm-up runs store theirs too
            stored.forEach(f -> System.out.println("FAILURE stored rows: " + f));
            ok &= stored.isEmpty();
        }
        List<Double> rates = results.stream().map(r -> r.rate).toList();
        System.out.printf(Locale.ROOT, "RESULT 1:1 durable throughput, %s, %d pairs x window %d, %d runs of %d messages:"
                        + " median %.0f msg/s (min %.0f, max %.0f); send->arrival p50 %.1f ms, p99 %.1f ms (medians of runs);"
                        + " node %.2f cores, generator %.2f, postgres %.2f, rest of machine %.2f (medians); %s%n",
                node == null ? "running node" : cfg.db, cfg.pairs, cfg.window, cfg.runs, cfg.messages,
                Stats.median(rates), Stats.percentile(rates, 0), Stats.percentile(rates, 100),
                Stats.median(results.stream().map(r -> r.p50).toList()),
                Stats.median(results.stream().map(r -> r.p99).toList()),
                Stats.median(results.stream().map(r -> r.cpu.nodeCores).toList()),
                Stats.median(results.stream().map(r -> r.cpu.generatorCores).toList()),
                Stats.median(results.stream().map(r -> r.cpu.postgresCores).toList()),
                Stats.median(results.stream().map(r -> r.cpu.otherCores).toList()),
                ok ? "every check passed" : "CHECKS FAILED");
        return ok;
    }

    // ------------------------------------------------------------------ the node

    private static MicroNode startNode(Config cfg) throws Exception {
        Path root = Files.createDirectories(Path.of(MicroNode.property("parley.testDir"))
                .resolve("throughput-" + System.currentTimeMillis()));
        nodeDir = root.resolve("node");
        Path postBoot;
        if (cfg.db.equals("h2")) {
            postBoot = Path.of(MicroNode.property("parley.domainConfig"), "micro-resources.asadmin");
        } else {
            resetPostgresSchemas(cfg);
            postBoot = root.resolve("postgresql-resources.asadmin");
            Files.writeString(postBoot, postgresResources(cfg));
            PgShards.driverForNodes();
        }
        List<String> options = new ArrayList<>(List.of(
                "-Dparley.shards=" + String.join(",", SHARDS),
                // Users log in right after befriending, which tim's device limits would refuse; bcrypt at its
                // cheapest, since logins are not what is measured.
                "-Dparley.device.limit=0", "-Dparley.device.type-limit=0", "-Dparley.password.bcrypt-cost=4"));
        options.addAll(cfg.nodeOptions);
        MicroNode node = new MicroNode(nodeDir, options, postBoot, MicroNode.freePort(), null, null);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.kill(); // a no-op after a normal stop; an interrupted benchmark leaves no node behind
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        long start = System.nanoTime();
        node.start();
        System.out.printf(Locale.ROOT, "node started in %.1f s (%s, log %s)%n", (System.nanoTime() - start) / 1e9,
                cfg.db, nodeDir.resolve("node.log"));
        return node;
    }

    private static long childNodePid() {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().map(c -> c.contains("payara-micro")).orElse(false))
                .mapToLong(ProcessHandle::pid).findFirst().orElse(-1);
    }

    private static String postgresResources(Config cfg) {
        String hostPort = cfg.pg.substring(0, cfg.pg.indexOf('/'));
        String database = cfg.pg.substring(cfg.pg.indexOf('/') + 1);
        String host = hostPort.contains(":") ? hostPort.substring(0, hostPort.indexOf(':')) : hostPort;
        String port = hostPort.contains(":") ? hostPort.substring(hostPort.indexOf(':') + 1) : "5432";
        return PgShards.resources("Both shards in PostgreSQL, one schema each (ThroughputBenchmark).", host, port,
                cfg.pgUser, SHARDS, shard -> database, shard -> PG_SCHEMA_PREFIX + shard,
                shard -> "parley-throughput-" + shard, Boolean.getBoolean("throughput.pgLogStatements"));
    }

    /** Every PostgreSQL run starts from empty shards, like an H2 run (whose node has a fresh data directory). */
    private static void resetPostgresSchemas(Config cfg) throws SQLException, ClassNotFoundException {
        Class.forName("org.postgresql.Driver"); // exec:java's class loader is not the one DriverManager searches
        try (Connection c = DriverManager.getConnection(cfg.pgUrl()); Statement st = c.createStatement()) {
            for (String shard : SHARDS) {
                st.execute("DROP SCHEMA IF EXISTS " + PG_SCHEMA_PREFIX + shard + " CASCADE");
                st.execute("CREATE SCHEMA " + PG_SCHEMA_PREFIX + shard);
            }
        }
    }

    /**
     * Reads the shards directly, bypassing Parley: exactly {@code expectedMessages} history rows (each message stored
     * once) and no offline entry left. H2 shard files are read after the node has stopped; PostgreSQL while it runs.
     */
    private static List<String> storedRowsCheck(Config cfg, MicroNode node, long expectedMessages)
            throws Exception {
        if (cfg.db.equals("h2")) {
            node.stop(); // the embedded H2 files are the node's while it runs
            Class.forName("org.h2.Driver");
        } else {
            Class.forName("org.postgresql.Driver");
        }
        long messages = 0;
        long offline = 0;
        for (String shard : SHARDS) {
            String url = cfg.db.equals("h2")
                    ? "jdbc:h2:file:" + nodeDir.resolve(shard) + ";ACCESS_MODE_DATA=r;IFEXISTS=TRUE"
                    : cfg.pgUrl() + "&currentSchema=" + PG_SCHEMA_PREFIX + shard;
            try (Connection c = DriverManager.getConnection(url)) {
                messages += count(c, "SELECT COUNT(*) FROM parley_message WHERE chat_id <> ?", "");
                offline += count(c, "SELECT COUNT(*) FROM parley_offline_entry WHERE chat_id <> ?", "");
            }
        }
        System.out.printf(Locale.ROOT, "stored rows (read from the %s shards directly): %d history rows for %d messages"
                + " sent, %d offline entries%n", cfg.db, messages, expectedMessages, offline);
        List<String> failures = new ArrayList<>();
        if (messages != expectedMessages) {
            failures.add(messages + " history rows, expected " + expectedMessages);
        }
        if (offline != 0) {
            failures.add(offline + " offline entries left");
        }
        return failures;
    }

    private static long count(Connection c, String sql, String parameter) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, parameter);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    // ------------------------------------------------------------------ users and their clients

    /** One sender and its friend, each logged in once for all runs. */
    static final class Pair {
        final int index;
        final String senderName;
        final String recipientName;
        String senderNode;
        String recipientNode;
        TimClient sender;
        TimClient recipient;
        volatile PairRun current;
        /** Frames that belong to no run in progress (late copies of an earlier run), and error acks. */
        final AtomicInteger strays = new AtomicInteger();
        final AtomicReference<String> firstProblem = new AtomicReference<>();

        Pair(int index) {
            this.index = index;
            this.senderName = Users.uniqueName("tps" + index);
            this.recipientName = Users.uniqueName("tpr" + index);
        }

        void problem(String what) {
            strays.incrementAndGet();
            firstProblem.compareAndSet(null, what);
        }

        TimListener listener(boolean isSender) {
            return new TimListener() {
                @Override
                public void onFrame(Inbound frame) {
                    TimMessage m = frame.message();
                    // The sender's echo comes plain, the recipient's copy ack-required (and already acked).
                    if (m != null && m.getDataString() != null && frame.ackRequired() != isSender) {
                        PairRun run = current;
                        if (run == null || !run.accept(isSender, m)) {
                            problem((isSender ? "echo " : "push ") + m.getDataString().split("\\|")[0]
                                    + " outside its run");
                        }
                        return;
                    }
                    TimAck ack = frame.ack();
                    if (ack != null && !Boolean.TRUE.equals(ack.getOk())) {
                        problem("error ack to the " + (isSender ? "sender" : "recipient") + ": " + ack);
                        PairRun run = current;
                        if (run != null) {
                            run.run.errors.incrementAndGet();
                        }
                    }
                }
            };
        }
    }

    /** Registered, befriended and logged-in pairs. */
    static final class Fixture implements AutoCloseable {
        final List<Pair> pairs = new ArrayList<>();
        final List<HttpClient> httpClients = new ArrayList<>();

        static Fixture create(URI ws, Config cfg) throws Exception {
            Fixture f = new Fixture();
            for (int i = 0; i < cfg.httpClients; i++) {
                f.httpClients.add(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
            }
            Users users = new Users(ws);
            for (int i = 0; i < cfg.pairs; i++) {
                f.pairs.add(new Pair(i));
            }
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> work = new ArrayList<>();
                for (Pair p : f.pairs) {
                    work.add(pool.submit(() -> {
                        p.senderNode = users.register(p.senderName, false);
                        p.recipientNode = users.register(p.recipientName, false);
                        users.befriend(p.senderName, p.senderNode, p.recipientName, p.recipientNode);
                        int k = 2 * p.index;
                        p.sender = users.login(client(ws, f.httpClients.get(k % cfg.httpClients), p.listener(true),
                                cfg.probe), p.senderName, p.senderNode);
                        p.recipient = users.login(client(ws, f.httpClients.get((k + 1) % cfg.httpClients),
                                p.listener(false), cfg.probe), p.recipientName, p.recipientNode);
                        int queued = p.sender.fetchOffline().get(WAIT.toSeconds(), TimeUnit.SECONDS).size()
                                + p.recipient.fetchOffline().get(WAIT.toSeconds(), TimeUnit.SECONDS).size();
                        if (queued != 0) {
                            throw new IllegalStateException(queued + " messages queued for fresh users of pair " + p.index);
                        }
                        return null;
                    }));
                }
                for (Future<?> w : work) {
                    w.get(5, TimeUnit.MINUTES);
                }
            } catch (Exception e) {
                f.close();
                throw e;
            } finally {
                pool.shutdownNow();
            }
            return f;
        }

        private static TimClient client(URI ws, HttpClient http, TimListener listener, Duration probe) {
            // Thrift frames (atim's way), no inbox: frames are consumed by the listener on the receive thread. No
            // WebSocket control pings by default: tim's clients send none, and at one per second per socket they
            // would cost the node about as much as the messages (every frame restarts Tyrus's idle timer).
            return TimClient.builder(ws).json(false).requestTimeout(WAIT).inbox(false).httpClient(http)
                    .connectionProbe(probe).listener(listener).build();
        }

        @Override
        public void close() {
            List<CompletableFuture<?>> closing = new ArrayList<>();
            for (Pair p : pairs) {
                for (TimClient c : Arrays.asList(p.sender, p.recipient)) {
                    if (c != null) {
                        closing.add(c.closeAsync());
                    }
                }
            }
            try {
                CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(15, TimeUnit.SECONDS);
            } catch (Exception e) {
                pairs.forEach(p -> Arrays.asList(p.sender, p.recipient).forEach(c -> {
                    if (c != null) {
                        c.abort();
                    }
                }));
            }
        }
    }

    // ------------------------------------------------------------------ one run

    /** One pair's part of a run: what was sent when, what came back. */
    static final class PairRun {
        final Run run;
        final Pair pair;
        final String prefix;
        final int quota;
        final String padding;
        final long[] sentAt;
        final long[] echoAt;
        final long[] arrivedAt;
        final long[] echoMid;
        final long[] arrivedMid;
        final int[] ordinal;
        final AtomicIntegerArray echoes;
        final AtomicIntegerArray arrivals;
        /** Bit 1: echoed, bit 2: arrived; both: complete. */
        final AtomicIntegerArray state;
        final AtomicInteger next = new AtomicInteger();

        PairRun(Run run, Pair pair, int quota, int size) {
            this.run = run;
            this.pair = pair;
            this.prefix = "t" + run.number + "-" + pair.index + "-";
            this.quota = quota;
            this.padding = "x".repeat(Math.max(0, size - prefix.length() - 6));
            sentAt = new long[quota];
            echoAt = new long[quota];
            arrivedAt = new long[quota];
            echoMid = new long[quota];
            arrivedMid = new long[quota];
            ordinal = new int[quota];
            echoes = new AtomicIntegerArray(quota);
            arrivals = new AtomicIntegerArray(quota);
            state = new AtomicIntegerArray(quota);
        }

        /** Sends the next message of this pair's quota, if any is left. */
        void sendNext() {
            int seq = next.getAndIncrement();
            if (seq >= quota) {
                return;
            }
            sentAt[seq] = System.nanoTime();
            pair.sender.sendMessage(pair.recipientNode, prefix + seq + "|" + padding).whenComplete((v, e) -> {
                if (e != null) {
                    run.errors.incrementAndGet();
                    pair.problem("send of " + prefix + seq + " failed: " + e);
                }
            });
        }

        /** A copy of one of this run's messages arrived (on a receive thread); false if it is not of this run. */
        boolean accept(boolean echo, TimMessage m) {
            String text = m.getDataString();
            int bar = text.indexOf('|');
            if (!text.startsWith(prefix) || bar < 0) {
                return false;
            }
            int seq;
            try {
                seq = Integer.parseInt(text, prefix.length(), bar, 10);
            } catch (NumberFormatException e) {
                return false;
            }
            if (seq < 0 || seq >= quota) {
                return false;
            }
            long now = System.nanoTime();
            long mid = m.getMid() == null ? 0 : m.getMid();
            AtomicIntegerArray copies = echo ? echoes : arrivals;
            if (copies.incrementAndGet(seq) == 1) {
                (echo ? echoAt : arrivedAt)[seq] = now;
                (echo ? echoMid : arrivedMid)[seq] = mid;
                if (state.accumulateAndGet(seq, echo ? 1 : 2, (a, b) -> a | b) == 3) {
                    ordinal[seq] = run.completed(now);
                    sendNext();
                }
            }
            return true;
        }
    }

    /**
     * CPU used by the node, this generator, the PostgreSQL server (every process of user postgres), and everything
     * else on the machine, over one measured interval, in cores.
     */
    record Cpu(double nodeCores, double generatorCores, double postgresCores, double otherCores, double machineCores) {

        record Sample(long at, long nodeNanos, long generatorNanos, long postgresNanos, long busyTicks, long allTicks) {
            static Sample take(long nodePid) {
                long node = nodePid <= 0 ? -1 : ProcessHandle.of(nodePid)
                        .flatMap(p -> p.info().totalCpuDuration()).map(Duration::toNanos).orElse(-1L);
                long postgres = ProcessHandle.allProcesses()
                        .filter(p -> p.info().user().map("postgres"::equals).orElse(false))
                        .mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).sum();
                long generator = ((com.sun.management.OperatingSystemMXBean) ManagementFactory
                        .getOperatingSystemMXBean()).getProcessCpuTime();
                long busy = -1;
                long all = -1;
                try {
                    // cpu user nice system idle iowait irq softirq steal ...
                    String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                    all = 0;
                    for (int i = 1; i < Math.min(f.length, 9); i++) {
                        all += Long.parseLong(f[i]);
                    }
                    busy = all - Long.parseLong(f[4]) - Long.parseLong(f[5]);
                } catch (IOException | RuntimeException e) {
                    // not Linux: no machine figures
                }
                return new Sample(System.nanoTime(), node, generator, postgres, busy, all);
            }
        }

        static Cpu between(Sample a, Sample b) {
            double seconds = (b.at - a.at) / 1e9;
            int cores = Runtime.getRuntime().availableProcessors();
            double machine = a.allTicks < 0 || b.allTicks == a.allTicks ? Double.NaN
                    : cores * (double) (b.busyTicks - a.busyTicks) / (b.allTicks - a.allTicks);
            double node = a.nodeNanos < 0 || b.nodeNanos < 0 ? Double.NaN : (b.nodeNanos - a.nodeNanos) / 1e9 / seconds;
            double generator = (b.generatorNanos - a.generatorNanos) / 1e9 / seconds;
            double postgres = Math.max(0, b.postgresNanos - a.postgresNanos) / 1e9 / seconds;
            return new Cpu(node, generator, postgres, machine - (Double.isNaN(node) ? 0 : node) - generator - postgres,
                    machine);
        }
    }

    /**
     * Row operations on the benchmark's shard schemas (PostgreSQL's cumulative statistics, which a backend reports
     * within about a second of going idle), and the database's commits (of every client of the database).
     */
    record PgTableStats(java.util.Map<String, long[]> byTable, long commits) {

        private static final String[] COLUMNS = {"n_tup_ins", "n_tup_upd", "n_tup_del", "idx_scan", "seq_scan"};

        static PgTableStats take(Config cfg) {
            java.util.Map<String, long[]> byTable = new java.util.TreeMap<>();
            try {
                Class.forName("org.postgresql.Driver");
                try (Connection c = DriverManager.getConnection(cfg.pgUrl()); Statement st = c.createStatement()) {
                    try (ResultSet rs = st.executeQuery("SELECT relname, n_tup_ins, n_tup_upd, n_tup_del,"
                            + " COALESCE(idx_scan, 0), seq_scan FROM pg_stat_user_tables WHERE schemaname LIKE '"
                            + PG_SCHEMA_PREFIX + "%'")) {
                        while (rs.next()) {
                            long[] sum = byTable.computeIfAbsent(rs.getString(1), t -> new long[COLUMNS.length]);
                            for (int i = 0; i < COLUMNS.length; i++) {
                                sum[i] += rs.getLong(i + 2);
                            }
                        }
                    }
                    try (ResultSet rs = st.executeQuery(
                            "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()")) {
                        rs.next();
                        return new PgTableStats(byTable, rs.getLong(1));
                    }
                }
            } catch (SQLException | ClassNotFoundException e) {
                System.out.println("PostgreSQL statistics unavailable: " + e);
                return new PgTableStats(byTable, 0);
            }
        }

        String perMessage(PgTableStats before, long messages) {
            StringBuilder s = new StringBuilder();
            byTable.forEach((table, now) -> {
                long[] was = before.byTable.getOrDefault(table, new long[COLUMNS.length]);
                StringBuilder t = new StringBuilder();
                for (int i = 0; i < COLUMNS.length; i++) {
                    double d = (now[i] - was[i]) / (double) messages;
                    if (d >= 0.005) {
                        t.append(t.length() == 0 ? "" : " ").append(COLUMNS[i].replace("n_tup_", "")).append(' ')
                                .append(String.format(Locale.ROOT, "%.2f", d));
                    }
                }
                if (t.length() > 0) {
                    s.append(s.length() == 0 ? "" : "; ").append(table).append(": ").append(t);
                }
            });
            return s.append(String.format(Locale.ROOT, "; database commits %.2f (all clients of the database)",
                    (commits - before.commits) / (double) messages)).toString();
        }
    }

    record RunResult(int number, double rate, double seconds, double p50, double p99, double echoP50, Cpu cpu,
            List<String> failures, String checks) {
        String line() {
            return String.format(Locale.ROOT, "run %d: %.0f msg/s (%.1f s); send->arrival p50 %.1f ms p99 %.1f ms,"
                            + " send->echo p50 %.1f ms; CPU of %d cores: node %.2f, generator %.2f, postgres %.2f,"
                            + " rest %.2f; %s",
                    number, rate, seconds, p50, p99, echoP50, Runtime.getRuntime().availableProcessors(),
                    cpu.nodeCores, cpu.generatorCores, cpu.postgresCores, cpu.otherCores,
                    failures.isEmpty() ? "checks OK (" + checks + ")" : failures.size() + " check(s) FAILED");
        }
    }

    static final class Run {
        final Fixture fixture;
        final Config cfg;
        final int number;
        final long nodePid;
        final List<PairRun> parts = new ArrayList<>();
        final AtomicInteger completions = new AtomicInteger();
        final AtomicInteger errors = new AtomicInteger();
        final CountDownLatch warmedUp = new CountDownLatch(1);
        final CountDownLatch measured = new CountDownLatch(1);
        final CountDownLatch allDone = new CountDownLatch(1);
        final int total;
        volatile long t0;
        volatile long t1;

        Run(Fixture fixture, Config cfg, int number, long nodePid) {
            this.fixture = fixture;
            this.cfg = cfg;
            this.number = number;
            this.nodePid = nodePid;
            this.total = cfg.quota() * cfg.pairs;
        }

        /** Called once per message that is complete; returns its place in the run's completion order (1-based). */
        int completed(long now) {
            int n = completions.incrementAndGet();
            if (n == cfg.warmup) {
                t0 = now;
                warmedUp.countDown();
            }
            if (n == cfg.warmup + cfg.messages) {
                t1 = now;
                measured.countDown();
            }
            if (n == total) {
                allDone.countDown();
            }
            return n;
        }

        RunResult execute() throws Exception {
            for (Pair p : fixture.pairs) {
                PairRun part = new PairRun(this, p, cfg.quota(), cfg.size);
                parts.add(part);
                p.current = part;
            }
            PgTableStats tablesBefore = cfg.db.equals("postgresql") ? PgTableStats.take(cfg) : null;
            long deadline = System.nanoTime() + cfg.runTimeout.toNanos();
            Cpu.Sample[] samples = new Cpu.Sample[2];
            Thread monitor = new Thread(() -> {
                try {
                    if (cfg.warmup == 0 || warmedUp.await(left(deadline), TimeUnit.NANOSECONDS)) {
                        samples[0] = Cpu.Sample.take(nodePid);
                        if (measured.await(left(deadline), TimeUnit.NANOSECONDS)) {
                            samples[1] = Cpu.Sample.take(nodePid);
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "throughput-cpu-monitor");
            monitor.start();
            long start = System.nanoTime();
            if (cfg.warmup == 0) {
                t0 = start;
            }
            for (int w = 0; w < cfg.window; w++) {
                for (PairRun part : parts) {
                    part.sendNext();
                }
            }
            List<String> failures = new ArrayList<>();
            boolean finished = false;
            while (!finished && left(deadline) > 0) {
                finished = allDone.await(Math.min(left(deadline), TimeUnit.SECONDS.toNanos(30)), TimeUnit.NANOSECONDS);
                if (!finished) {
                    System.out.printf(Locale.ROOT, "  run %d: %d of %d messages complete after %.0f s%n", number,
                            completions.get(), total, (System.nanoTime() - start) / 1e9);
                }
            }
            monitor.join(TimeUnit.SECONDS.toMillis(5));
            if (!finished) {
                failures.add("only " + completions.get() + " of " + total + " messages complete after "
                        + cfg.runTimeout + " (" + errors.get() + " errors)");
            }
            Thread.sleep(cfg.settle.toMillis()); // late duplicates (resends) would show up here
            fixture.pairs.forEach(p -> p.current = null);
            if (tablesBefore != null) {
                String perMessage = PgTableStats.take(cfg).perMessage(tablesBefore, total);
                System.out.println("run " + number + " PostgreSQL work per message (pg_stat_user_tables of the shard"
                        + " schemas, whole run): " + perMessage);
            }
            String checks = verify(failures);

            double seconds = finished ? (t1 - t0) / 1e9 : Double.NaN;
            List<Double> latencies = new ArrayList<>();
            List<Double> echoLatencies = new ArrayList<>();
            int from = cfg.warmup;
            int to = cfg.warmup + cfg.messages;
            for (PairRun part : parts) {
                for (int s = 0; s < part.quota; s++) {
                    if (part.ordinal[s] > from && part.ordinal[s] <= to) {
                        latencies.add((part.arrivedAt[s] - part.sentAt[s]) / 1e6);
                        echoLatencies.add((part.echoAt[s] - part.sentAt[s]) / 1e6);
                    }
                }
            }
            Cpu cpu = samples[0] != null && samples[1] != null ? Cpu.between(samples[0], samples[1])
                    : new Cpu(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
            return new RunResult(number, cfg.messages / seconds, seconds,
                    latencies.isEmpty() ? Double.NaN : Stats.percentile(latencies, 50),
                    latencies.isEmpty() ? Double.NaN : Stats.percentile(latencies, 99),
                    echoLatencies.isEmpty() ? Double.NaN : Stats.percentile(echoLatencies, 50), cpu, failures, checks);
        }

        /** Exactly-once echo and delivery with matching mids, distinct mids per chat, empty offline queues. */
        private String verify(List<String> failures) throws Exception {
            long missingEcho = 0;
            long missingArrival = 0;
            long extraEcho = 0;
            long extraArrival = 0;
            long midMismatch = 0;
            long repeatedMid = 0;
            long outOfOrder = 0;
            long strays = 0;
            for (PairRun part : parts) {
                long[] mids = new long[part.quota];
                for (int s = 0; s < part.quota; s++) {
                    int e = part.echoes.get(s);
                    int a = part.arrivals.get(s);
                    missingEcho += e == 0 ? 1 : 0;
                    missingArrival += a == 0 ? 1 : 0;
                    extraEcho += Math.max(0, e - 1);
                    extraArrival += Math.max(0, a - 1);
                    if (e > 0 && a > 0 && (part.echoMid[s] != part.arrivedMid[s] || part.echoMid[s] <= 0)) {
                        midMismatch++;
                    }
                    if (s > 0 && part.echoMid[s] < part.echoMid[s - 1]) {
                        outOfOrder++;
                    }
                    mids[s] = part.echoMid[s];
                }
                Arrays.sort(mids);
                for (int s = 1; s < mids.length; s++) {
                    repeatedMid += mids[s] > 0 && mids[s] == mids[s - 1] ? 1 : 0;
                }
                int st = part.pair.strays.getAndSet(0);
                strays += st;
                String first = part.pair.firstProblem.getAndSet(null);
                if (st > 0) {
                    failures.add("pair " + part.pair.index + ": " + st + " stray or error frame(s), first: " + first);
                }
            }
            addIf(failures, missingEcho, "messages without an echo (not stored?)");
            addIf(failures, missingArrival, "messages that never reached the recipient");
            addIf(failures, extraEcho, "duplicate echoes");
            addIf(failures, extraArrival, "duplicate deliveries to a recipient");
            addIf(failures, midMismatch, "deliveries whose mid differs from the echo's (or is missing)");
            addIf(failures, repeatedMid, "mids given to two messages of one chat");
            // Offline queues: every recipient asks for its queue, as a device does after login; a push its device
            // acknowledged must have left it, so nothing may come back.
            List<CompletableFuture<List<TimMessage>>> queues = new ArrayList<>();
            List<String> who = new ArrayList<>();
            for (Pair p : fixture.pairs) {
                queues.add(p.recipient.fetchOffline(OFFLINE_WAIT));
                who.add("recipient of pair " + p.index + " (" + p.recipient + ")");
                queues.add(p.sender.fetchOffline(OFFLINE_WAIT));
                who.add("sender of pair " + p.index + " (" + p.sender + ")");
            }
            long queued = 0;
            List<String> unanswered = new ArrayList<>();
            for (int i = 0; i < queues.size(); i++) {
                try {
                    queued += queues.get(i).get(OFFLINE_WAIT.toSeconds() + 5, TimeUnit.SECONDS).size();
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    unanswered.add(who.get(i) + ": " + (e.getCause() != null ? e.getCause() : e));
                }
            }
            addIf(failures, queued, "messages still in offline queues after they were acknowledged");
            if (!unanswered.isEmpty()) {
                failures.add(unanswered.size() + " offline-queue requests without an answer (end marker) within "
                        + OFFLINE_WAIT + ", first: " + unanswered.get(0));
            }
            return String.format(Locale.ROOT, "%d messages echoed and delivered exactly once, offline queues empty%s",
                    total, outOfOrder == 0 ? "" : "; " + outOfOrder + " echoes with a lower mid than the message sent"
                            + " before (window reordering)");
        }

        private static void addIf(List<String> failures, long count, String what) {
            if (count > 0) {
                failures.add(count + " " + what);
            }
        }

        private static long left(long deadline) {
            return Math.max(0, deadline - System.nanoTime());
        }
    }
}
