package org.parley.it;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A Parley node started the way an operator starts one: {@code java -jar payara-micro.jar --deploy parley-node.war}
 * with the post-boot file of domain-config/ (or the one of the build's database profile), on loopback ports, with its
 * own data directory. Used where a test
 * needs to stop, kill or restart nodes, which Arquillian does not offer.
 */
public final class MicroNode implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(180);

    private final Path dataDir;
    private final int httpPort;
    private final List<String> extraJvmOptions;
    private final Path postBootFile;
    private final int hazelcastPort;
    private final String clusterMembers;
    private final String clusterName;
    private final Path log;
    /** {@code --deploy} arguments for archives deployed beside parley-node.war ({@link #alsoDeploy}). */
    private final List<String> extraDeployments = new ArrayList<>();
    private Process process;

    /** Starts a node alone in its own cluster, in a fresh data directory {@code <testDir>/<name>-<nanos>}. */
    public static MicroNode startFresh(String name, List<String> extraJvmOptions) throws IOException, InterruptedException {
        Path data = Files.createDirectories(Path.of(property("parley.testDir"))).resolve(name + "-" + System.nanoTime());
        return new MicroNode(data, extraJvmOptions).start();
    }

    /** A node alone in its own Hazelcast cluster, with the shards of the build's post-boot file. */
    public MicroNode(Path dataDir, List<String> extraJvmOptions) {
        this(dataDir, extraJvmOptions, Path.of(property("parley.itPostBoot")),
                freePort(), null, null);
    }

    /**
     * A member of a cluster.
     *
     * @param clusterMembers Hazelcast tcpip member list ({@code 127.0.0.1:p1,127.0.0.1:p2})
     */
    public MicroNode(Path dataDir, List<String> extraJvmOptions, Path postBootFile, int hazelcastPort, String clusterMembers,
            String clusterName) {
        this.dataDir = dataDir;
        this.httpPort = freePort();
        this.extraJvmOptions = List.copyOf(extraJvmOptions);
        this.postBootFile = postBootFile;
        this.hazelcastPort = hazelcastPort;
        this.clusterMembers = clusterMembers == null ? "127.0.0.1:" + hazelcastPort : clusterMembers;
        this.clusterName = clusterName == null ? "parley-" + httpPort : clusterName;
        this.log = dataDir.resolve("node.log");
    }

    /**
     * Deploys {@code archive} as well, at {@code contextRoot}, beside parley-node.war (which keeps {@code /}); call
     * before {@link #start()}. Payara Micro takes {@code --deploy} more than once, and a path followed by
     * {@link File#pathSeparator} and a context root gives that archive its own context root; {@code --contextroot}
     * applies only to the first deployment without one, here parley-node.war (PayaraMicroImpl's
     * processDeploymentOptions and deployAll, Payara 6.2025.10).
     */
    public MicroNode alsoDeploy(Path archive, String contextRoot) {
        String path = archive.toAbsolutePath().toString();
        if (path.indexOf(File.pathSeparatorChar) >= 0 || contextRoot.indexOf(File.pathSeparatorChar) >= 0) {
            // Payara Micro splits the value at the separator and refuses more than one.
            throw new IllegalArgumentException("'" + File.pathSeparator + "' in " + path + " or " + contextRoot);
        }
        extraDeployments.addAll(List.of("--deploy", path + File.pathSeparator + contextRoot));
        return this;
    }

    /** Starts the node and waits until Payara Micro reports it ready. */
    public MicroNode start() throws IOException, InterruptedException {
        Files.createDirectories(dataDir);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        cmd.add("-Dhazelcast.socket.bind.any=false"); // the cluster port on --interfaces only, as bin/parley-node
        // Tests and benchmarks register and log in thousands of users from this one address; a test of the limits
        // themselves sets its own value (a later -D wins).
        cmd.add("-Dparley.limit.trusted-addresses=127.0.0.1");
        cmd.add("-Dparley.data.dir=" + dataDir);
        cmd.addAll(words(System.getProperty("parley.itNodeOptions", ""))); // the build profile's shard options
        cmd.addAll(extraJvmOptions);
        cmd.addAll(List.of("-jar", property("payara.microJar"),
                "--deploy", property("parley.nodeWar"), "--contextroot", "/",
                "--port", Integer.toString(httpPort),
                "--rootdir", dataDir.resolve("micro-root").toString(),
                "--prebootcommandfile", Path.of(property("parley.domainConfig"), "micro-preboot.asadmin").toString(),
                "--postbootcommandfile", postBootFile.toString(),
                "--startport", Integer.toString(hazelcastPort),
                "--clustermode", "tcpip:" + clusterMembers,
                "--interfaces", "127.0.0.1",
                "--clustername", clusterName));
        cmd.addAll(extraDeployments);
        cmd.addAll(words(System.getProperty("parley.itMicroOptions", "--disablephonehome")));
        process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread pump = new Thread(() -> copyOutput(process, ready), "node-" + httpPort + "-log");
        pump.setDaemon(true);
        pump.start();
        try {
            ready.get(STARTUP.toSeconds(), TimeUnit.SECONDS);
            return this;
        } catch (ExecutionException | TimeoutException e) {
            close();
            throw new IllegalStateException("node did not start; see " + log, e);
        }
    }

    /** Copies the node's output to its log file and signals the "ready" line (or the process's end). */
    private void copyOutput(Process p, CompletableFuture<Void> ready) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.write(line);
                out.write('\n');
                out.flush(); // tests read the log while the node runs
                if (line.contains("Payara Micro") && line.contains(" ready in ")) {
                    ready.complete(null);
                }
            }
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
        ready.completeExceptionally(new IllegalStateException("node exited before it was ready"));
    }

    /**
     * Bytes of live objects on the node's heap: {@code jcmd GC.class_histogram}, which runs a full collection first
     * and counts only what is reachable.
     */
    public long liveHeapBytes() throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(process.pid()), "GC.class_histogram").redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (jcmd.waitFor() != 0) {
            throw new IllegalStateException("jcmd failed: " + out);
        }
        return out.lines().filter(l -> l.trim().startsWith("Total")).findFirst()
                .map(l -> Long.parseLong(l.trim().split("\\s+")[2]))
                .orElseThrow(() -> new IllegalStateException("no Total line in: " + out));
    }

    /** The node's console output so far. */
    public String log() throws IOException {
        return Files.readString(log);
    }

    /** Waits until the node's output contains {@code text} (it reaches the log a moment after the node wrote it). */
    public void awaitLog(String text, Duration limit) throws InterruptedException {
        TestCluster.awaitCondition(() -> {
            try {
                return log().contains(text);
            } catch (IOException e) {
                return false;
            }
        }, "'" + text + "' in " + log, limit);
    }

    public URI wsUri() {
        return URI.create("ws://127.0.0.1:" + httpPort + "/tim");
    }

    public URI httpUri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    /** Stops the node as Ctrl-C would (SIGTERM) and waits for it to exit. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** Kills the node without any chance to clean up (kill -9). */
    public void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    public static String property(String name) {
        String v = System.getProperty(name);
        if (v == null) {
            throw new IllegalStateException("system property " + name + " is not set (run the tests through Maven)");
        }
        return v;
    }

    /** The node's data directory, where its H2 shards and generated secrets live. */
    Path dataDir() {
        return dataDir;
    }

    URI httpUri() {
        return URI.create("http://127.0.0.1:" + httpPort);
    }

    private static List<String> words(String s) {
        return s.isBlank() ? List.of() : List.of(s.trim().split("\\s+"));
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
