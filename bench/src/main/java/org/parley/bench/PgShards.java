package org.parley.bench;

import java.util.List;
import java.util.function.UnaryOperator;
import org.parley.it.MicroNode;

/**
 * A benchmark node's shards in PostgreSQL: the post-boot asadmin lines that create one pool and JDBC resource per
 * shard, and the driver handed to the node ({@code --addlibs}, the jar the build copies to {@code jdbc-drivers}), as
 * the integration tests do. Used by {@link ThroughputBenchmark} (one schema per shard in one database) and
 * {@link SoakBenchmark} (one database per shard).
 */
final class PgShards {

    /**
     * Post-boot commands for {@code shards} on {@code host:port} as {@code user}.
     *
     * @param database the database of a shard
     * @param schema the schema of a shard ({@code currentSchema}), or null for the database's default
     * @param applicationName the name of a shard's connections in {@code pg_stat_activity}
     * @param logStatements whether the server logs every statement of the node's connections
     */
    static String resources(String comment, String host, String port, String user, List<String> shards,
            UnaryOperator<String> database, UnaryOperator<String> schema, UnaryOperator<String> applicationName,
            boolean logStatements) {
        StringBuilder s = new StringBuilder("# ").append(comment).append('\n');
        for (String shard : shards) {
            // Payara refuses a user without a password property; trust authentication ignores it.
            s.append("create-jdbc-connection-pool --datasourceclassname org.postgresql.ds.PGSimpleDataSource")
                    .append(" --restype javax.sql.DataSource --statementcachesize 64 --steadypoolsize 1 --maxpoolsize 32 --property serverName=")
                    .append(host).append(":portNumber=").append(port).append(":databaseName=")
                    .append(database.apply(shard)).append(":user=").append(user)
                    .append(":password=unused-with-trust-authentication")
                    .append(schema.apply(shard) == null ? "" : ":currentSchema=" + schema.apply(shard))
                    // The node's backends are then easy to tell apart in pg_stat_activity.
                    .append(":applicationName=").append(applicationName.apply(shard))
                    // Diagnosis: every statement of the node's connections in the server's log.
                    .append(logStatements ? ":options=-clog_statement\\=all" : "")
                    .append(" parley-").append(shard).append('\n');
            s.append("create-jdbc-resource --connectionpoolid parley-").append(shard).append(" jdbc/parley/")
                    .append(shard).append('\n');
        }
        return s.toString();
    }

    /** Nodes started from now on get the PostgreSQL driver the build copied from Maven Central. */
    static void driverForNodes() {
        System.setProperty("parley.itMicroOptions", "--disablephonehome --addlibs "
                + MicroNode.property("throughput.jdbcDrivers"));
    }

    /** exec:java's class loader is not the one DriverManager searches: load the driver before a connection. */
    static void loadDriver() throws ClassNotFoundException {
        Class.forName("org.postgresql.Driver");
    }

    private PgShards() {
    }
}
