package org.parley.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Raw JDBC access to every shard a test node writes to, bypassing Parley entirely, to check what is really stored.
 * H2 shards are files in the node's data directory (readable once the node has stopped); the other shards are the
 * build's external databases ({@code parley.itExternalShards}, set by the databases profile).
 */
final class StoredShards {

    /** One shard as the tests reach it; {@code h2File} is the database file of an H2 shard, null otherwise. */
    record Shard(String name, String jdbcUrl, Path h2File) {
    }

    private StoredShards() {
    }

    /** Every shard of a node with this data directory, as the build configures the nodes. */
    static List<Shard> of(Path dataDir) {
        Map<String, String> external = new LinkedHashMap<>();
        String spec = MicroNode.property("parley.itExternalShards").trim();
        if (!spec.equals("none")) {
            for (String pair : spec.split("\\s+")) {
                int eq = pair.indexOf('=');
                external.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        List<Shard> shards = new ArrayList<>();
        for (String name : configuredShards()) {
            if (external.containsKey(name)) {
                shards.add(new Shard(name, external.get(name), null));
            } else {
                // Read-only, so a scan can never change what it inspects.
                shards.add(new Shard(name, "jdbc:h2:file:" + dataDir.resolve(name) + ";ACCESS_MODE_DATA=r;IFEXISTS=TRUE",
                        dataDir.resolve(name + ".mv.db")));
            }
        }
        return shards;
    }

    private static List<String> configuredShards() {
        for (String option : MicroNode.property("parley.itNodeOptions").trim().split("\\s+")) {
            if (option.startsWith("-Dparley.shards=")) {
                return List.of(option.substring("-Dparley.shards=".length()).split(","));
            }
        }
        return List.of("shard0", "shard1");
    }

    /**
     * Looks through every column of every row of every table of the shard, as text and as bytes, and through the
     * H2 file itself, for each needle (as UTF-8 bytes).
     *
     * @return one line per finding ("shard.table.column: needle"); empty if none
     */
    static List<String> find(Shard shard, List<String> needles) throws SQLException, IOException {
        List<byte[]> patterns = needles.stream().map(n -> n.getBytes(StandardCharsets.UTF_8)).toList();
        List<String> found = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(shard.jdbcUrl())) {
            String quote = c.getMetaData().getIdentifierQuoteString().trim();
            for (String table : tables(c)) {
                try (PreparedStatement st = c.prepareStatement("SELECT * FROM " + quote + table + quote);
                        ResultSet rs = st.executeQuery()) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= columns; i++) {
                            byte[] value = bytes(rs.getObject(i));
                            for (int n = 0; n < patterns.size(); n++) {
                                if (value != null && indexOf(value, patterns.get(n)) >= 0) {
                                    found.add(shard.name() + "." + table + "." + rs.getMetaData().getColumnName(i)
                                            + ": " + needles.get(n));
                                }
                            }
                        }
                    }
                }
            }
        }
        if (shard.h2File() != null) {
            byte[] file = Files.readAllBytes(shard.h2File());
            for (int n = 0; n < patterns.size(); n++) {
                if (indexOf(file, patterns.get(n)) >= 0) {
                    found.add(shard.name() + " file " + shard.h2File().getFileName() + ": " + needles.get(n));
                }
            }
        }
        return found;
    }

    /** The tables of the connection's own schema (the other schemas are the database's, not Parley's). */
    static List<String> tables(Connection c) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        List<String> tables = new ArrayList<>();
        try (ResultSet rs = md.getTables(c.getCatalog(), c.getSchema(), "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                tables.add(rs.getString("TABLE_NAME"));
            }
        }
        if (tables.isEmpty()) {
            throw new IllegalStateException("no tables found through " + c.getMetaData().getURL());
        }
        return tables;
    }

    /** The stored payload of each message of one chat, by mid, from whichever shard holds the chat. */
    static Map<Long, byte[]> payloads(List<Shard> shards, String chatId) throws SQLException {
        Map<Long, byte[]> byMid = new LinkedHashMap<>();
        for (Shard shard : shards) {
            try (Connection c = DriverManager.getConnection(shard.jdbcUrl());
                    PreparedStatement st = c.prepareStatement(
                            "SELECT mid, payload FROM parley_message WHERE chat_id = ? ORDER BY mid")) {
                st.setString(1, chatId);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        byMid.put(rs.getLong(1), bytes(rs.getObject(2)));
                    }
                }
            }
        }
        return byMid;
    }

    /**
     * The first column of every row {@code sql} selects with its one parameter set to {@code parameter}, over every
     * shard (e.g. one user's stored profile, wherever it is).
     */
    static List<byte[]> values(List<Shard> shards, String sql, String parameter) throws SQLException {
        List<byte[]> values = new ArrayList<>();
        for (Shard shard : shards) {
            try (Connection c = DriverManager.getConnection(shard.jdbcUrl());
                    PreparedStatement st = c.prepareStatement(sql)) {
                st.setString(1, parameter);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        values.add(bytes(rs.getObject(1)));
                    }
                }
            }
        }
        return values;
    }

    /** The key id in a sealed value's header: version 1, id length, id (docs/architecture.md). */
    static String keyIdOf(byte[] sealed) {
        if (sealed[0] != 1) {
            throw new AssertionError("not a sealed value: " + Arrays.toString(Arrays.copyOf(sealed, Math.min(8, sealed.length))));
        }
        return new String(sealed, 2, sealed[1] & 0xff, StandardCharsets.US_ASCII);
    }

    private static byte[] bytes(Object value) throws SQLException {
        if (value == null) {
            return null;
        }
        if (value instanceof byte[] b) {
            return b;
        }
        if (value instanceof Blob blob) {
            return blob.getBytes(1, (int) blob.length());
        }
        if (value instanceof Clob clob) {
            return clob.getSubString(1, (int) clob.length()).getBytes(StandardCharsets.UTF_8);
        }
        return value.toString().getBytes(StandardCharsets.UTF_8);
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
