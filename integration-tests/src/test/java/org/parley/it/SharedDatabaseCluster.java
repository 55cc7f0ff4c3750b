package org.parley.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.h2.tools.Server;

/**
 * Several Parley nodes (Payara Micro processes) in one Hazelcast cluster on loopback, sharing their shard databases
 * through an H2 TCP server run by the test, as {@link ClusterIT} sets them up; for tests that need users to be
 * the same on every node.
 */
final class SharedDatabaseCluster implements AutoCloseable {

    static final String ADMIN_TOKEN = "shared-cluster-admin";
    private static final String ACCOUNT_KEY = "c2hhcmVkLWNsdXN0ZXItYWNjb3VudC1rZXktZm9yLXRlc3Rz";

    private final Server database;
    private final List<MicroNode> nodes = new ArrayList<>();

    /** Starts {@code size} nodes in parallel, each with {@code options}, and waits until they see each other. */
    SharedDatabaseCluster(String name, int size, List<String> options) throws Exception {
        Path root = Files.createDirectories(Path.of(MicroNode.property("parley.testDir")).resolve(name + "-" + System.nanoTime()));
        database = Server.createTcpServer("-tcpPort", Integer.toString(MicroNode.freePort()), "-ifNotExists",
                "-baseDir", root.resolve("db").toString()).start();
        String url = "jdbc\\:h2\\:tcp\\://127.0.0.1\\:" + database.getPort() + "/";
        Path postBoot = root.resolve("cluster-resources.asadmin");
        Files.writeString(postBoot, String.join("\n",
                ClusterIT.pool("shard0", url), "create-jdbc-resource --connectionpoolid parley-shard0 jdbc/parley/shard0",
                ClusterIT.pool("shard1", url), "create-jdbc-resource --connectionpoolid parley-shard1 jdbc/parley/shard1", ""));
        String clusterName = name + "-" + System.nanoTime();
        List<Integer> ports = Stream.generate(MicroNode::freePort).limit(size).toList();
        String memberList = ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
        List<String> nodeOptions = new ArrayList<>(List.of("-Dparley.secret.account-key=" + ACCOUNT_KEY,
                "-Dparley.admin.token=" + ADMIN_TOKEN, "-Dparley.password.bcrypt-cost=4"));
        nodeOptions.addAll(options);
        List<CompletableFuture<MicroNode>> starting = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            MicroNode node = new MicroNode(root.resolve("node" + i), nodeOptions, postBoot, ports.get(i), memberList,
                    clusterName);
            nodes.add(node);
            starting.add(CompletableFuture.supplyAsync(() -> ClusterIT.start(node)));
        }
        try {
            for (CompletableFuture<MicroNode> s : starting) {
                s.get(5, TimeUnit.MINUTES);
            }
            for (MicroNode node : nodes) {
                ClusterIT.awaitCondition(() -> cluster(node).getJsonArray("members").size() == size, size + " members");
            }
        } catch (Exception | AssertionError e) {
            close();
            throw e;
        }
    }

    MicroNode node(int index) {
        return nodes.get(index);
    }

    Users users(int index) {
        return new Users(nodes.get(index).wsUri());
    }

    /** {@code GET /api/cluster} of one node. */
    static JsonObject cluster(MicroNode node) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(node.httpUri("/api/cluster"))
                    .header("Authorization", "Bearer " + ADMIN_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("GET /api/cluster: " + r.statusCode() + " " + r.body());
            }
            return Json.createReader(new StringReader(r.body())).readObject();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws Exception {
        for (MicroNode node : nodes) {
            node.stop();
        }
        database.stop();
    }
}
