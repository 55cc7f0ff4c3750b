package org.parley.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.h2.tools.Server;

/**
 * Parley nodes on Payara Micro forming one masterless Hazelcast cluster on loopback and sharing the shard
 * databases (an H2 TCP server in this JVM stands in for the PostgreSQL/MariaDB an operator would use). Used by the
 * cluster tests and the benchmarks.
 */
public final class TestCluster implements AutoCloseable {

    public static final String ADMIN_TOKEN = "test-cluster-admin";
    static final String ACCOUNT_KEY = "Y2x1c3Rlci1pdC1hY2NvdW50LWtleS1zaGFyZWQtYnktYWxsLW5vZGVz";

    private final Path root;
    private final Server database;
    private final Path postBoot;
    private final String name = "parley-cluster-" + System.nanoTime();
    private final List<Integer> hazelcastPorts = new ArrayList<>();
    private final String memberList;
    private final List<String> jvmOptions;
    private final List<MicroNode> nodes = new ArrayList<>();

    /**
     * Prepares (but does not start) a cluster that can grow to {@code capacity} nodes.
     *
     * @param jvmOptions extra options for every node, e.g. {@code -Dparley.ack.timeout=PT2S}
     */
    public TestCluster(int capacity, List<String> jvmOptions) throws Exception {
        this(capacity, jvmOptions, List.of());
    }

    /**
     * A cluster whose nodes also have data sources for {@code spareShards}, which {@code parley.shards} does not
     * name: shards an admin move can add while the cluster runs.
     */
    public TestCluster(int capacity, List<String> jvmOptions, List<String> spareShards) throws Exception {
        root = Files.createDirectories(Path.of(MicroNode.property("parley.testDir")).resolve(name));
        database = Server.createTcpServer("-tcpPort", Integer.toString(MicroNode.freePort()), "-ifNotExists",
                "-baseDir", root.resolve("db").toString()).start();
        String url = "jdbc\\:h2\\:tcp\\://127.0.0.1\\:" + database.getPort() + "/";
        postBoot = root.resolve("cluster-resources.asadmin");
        List<String> resources = new ArrayList<>();
        for (String shard : concat(List.of("shard0", "shard1"), spareShards)) {
            resources.add(pool(shard, url));
            resources.add("create-jdbc-resource --connectionpoolid parley-" + shard + " jdbc/parley/" + shard);
        }
        resources.add("");
        Files.writeString(postBoot, String.join("\n", resources));
        for (int i = 0; i < capacity; i++) {
            hazelcastPorts.add(MicroNode.freePort());
        }
        memberList = hazelcastPorts.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
        List<String> options = new ArrayList<>(List.of(
                "-Dparley.secret.account-key=" + ACCOUNT_KEY,
                "-Dparley.admin.token=" + ADMIN_TOKEN,
                // Nodes share the databases, so they must share the keys of encryption at rest too.
                "-Dparley.crypto.keys=cluster:" + java.util.Base64.getEncoder().encodeToString(randomKey()),
                // The shared shards above, whatever database profile the build runs.
                "-Dparley.shards=shard0,shard1"));
        options.addAll(jvmOptions);
        this.jvmOptions = List.copyOf(options);
    }

    /** Starts {@code count} more nodes in parallel and waits until every running node sees all of them. */
    public TestCluster start(int count) throws Exception {
        List<CompletableFuture<MicroNode>> starting = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int index = nodes.size();
            if (index >= hazelcastPorts.size()) {
                throw new IllegalStateException("cluster capacity " + hazelcastPorts.size() + " reached");
            }
            MicroNode node = new MicroNode(root.resolve("node" + index), jvmOptions, postBoot, hazelcastPorts.get(index),
                    memberList, name);
            nodes.add(node);
            starting.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return node.start();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (CompletableFuture<MicroNode> s : starting) {
            s.get(5, TimeUnit.MINUTES);
        }
        return this;
    }

    /** Waits until every node that is alive reports {@code count} members. */
    public void awaitMembers(int count, List<MicroNode> alive) throws InterruptedException {
        for (MicroNode n : alive) {
            awaitCondition(() -> view(n).getJsonArray("members").size() == count, count + " members");
        }
    }

    public MicroNode node(int index) {
        return nodes.get(index);
    }

    public List<MicroNode> nodes() {
        return List.copyOf(nodes);
    }

    @Override
    public void close() throws Exception {
        for (MicroNode node : nodes) {
            node.stop();
        }
        database.stop();
    }

    /** {@code GET /api/cluster} of one node. */
    public static JsonObject view(MicroNode node) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(node.httpUri("/api/cluster"))
                    .header("Authorization", "Bearer " + ADMIN_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r::body);
            return Json.createReader(new StringReader(r.body())).readObject();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The member id of a running node. */
    public static String memberId(MicroNode node) {
        return view(node).getString("self");
    }

    /** Devices the directory shows on {@code member}, as seen from a node's view. */
    public static int devicesOf(JsonObject view, String member) {
        for (JsonValue v : view.getJsonArray("members")) {
            JsonObject m = v.asJsonObject();
            if (m.getString("id").equals(member)) {
                return m.getInt("devices");
            }
        }
        return 0;
    }

    /** Polls a condition the cluster reaches on its own (membership, directory updates) until a deadline. */
    public static Duration awaitCondition(BooleanSupplier condition, String what) throws InterruptedException {
        return awaitCondition(condition, what, Duration.ofSeconds(60));
    }

    /** Polls {@code condition} until it holds, failing after {@code limit}; returns how long it took. */
    public static Duration awaitCondition(BooleanSupplier condition, String what, Duration limit)
            throws InterruptedException {
        Instant start = Instant.now();
        Instant deadline = start.plus(limit);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what);
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        return Duration.between(start, Instant.now());
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return key;
    }

    /** A JDBC URL to read a shard of this cluster directly, bypassing Parley. */
    public String jdbcUrl(String shard) {
        return "jdbc:h2:tcp://127.0.0.1:" + database.getPort() + "/" + shard;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static String pool(String shard, String url) {
        return "create-jdbc-connection-pool --datasourceclassname org.h2.jdbcx.JdbcDataSource --restype javax.sql.DataSource --statementcachesize 64"
                + " --steadypoolsize 1 --maxpoolsize 32 --property URL=" + url + shard + " parley-" + shard;
    }
}
