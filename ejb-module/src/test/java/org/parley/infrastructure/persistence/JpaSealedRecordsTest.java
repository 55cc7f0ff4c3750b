package org.parley.infrastructure.persistence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.parley.application.CipherBinding;
import org.parley.application.SealedRecords.Batch;
import org.parley.infrastructure.crypto.AesGcmCipher;
import org.parley.infrastructure.crypto.AtRestKeys;
import org.parley.infrastructure.persistence.JpaSealedRecords.Kind;
import org.parley.infrastructure.persistence.JpaSealedRecords.Position;

/** The walk over a shard's kinds, with in-memory kinds: no database, no container. */
class JpaSealedRecordsTest {

    private static final String K1 = "k1:" + randomKey();
    private static final String K2 = "k2:" + randomKey();
    private static final AesGcmCipher OLD = new AesGcmCipher(AtRestKeys.parse(K1, Optional.empty()));
    private static final AesGcmCipher NEW = new AesGcmCipher(AtRestKeys.parse(K1 + "," + K2, Optional.of("k2")));

    @Test
    void positionsNameTheKindAndKeepKeysWithColons() {
        Position p = new Position("message", "5:d:AAA:bbb");
        assertEquals("message:5:d:AAA:bbb", p.encoded());
        assertEquals(p, Position.parse(p.encoded()));
        assertEquals(new Position("profile", ""), Position.parse("profile:"));
        assertThrows(IllegalArgumentException.class, () -> new Position("a:b", "1"));
        assertThrows(IllegalArgumentException.class, () -> new Position("", "1"));
        assertThrows(IllegalArgumentException.class, () -> Position.parse("message"));
    }

    @Test
    void theKindsOfTheShardAreWalkedInOrderWithNoKindNameTwice() {
        assertEquals(List.of("message", "offline", "profile", "room"),
                JpaSealedRecords.KINDS.stream().map(Kind::name).toList());
    }

    /** Whatever the batch size, one walk visits every row of every kind once, and only its last batch is short. */
    @Test
    void batchesRunOnIntoTheNextKindAndOnlyAShortBatchEndsTheShard() {
        for (int limit = 1; limit <= 8; limit++) {
            FakeKind messages = new FakeKind("message", "a", "b", "c");
            FakeKind queued = new FakeKind("offline");
            FakeKind profiles = new FakeKind("profile", "p", "q");
            FakeKind rooms = new FakeKind("room", "r");
            List<Kind<?>> kinds = List.of(messages, queued, profiles, rooms);

            List<Batch> batches = rotate(kinds, limit);

            int examined = batches.stream().mapToInt(Batch::examined).sum();
            int resealed = batches.stream().mapToInt(Batch::resealed).sum();
            assertEquals(6, examined, "limit " + limit);
            assertEquals(6, resealed, "limit " + limit);
            for (int i = 0; i < batches.size() - 1; i++) {
                assertEquals(limit, batches.get(i).examined(), "only the last batch may be short, limit " + limit);
            }
            assertEquals(List.of("a", "b", "c", "p", "q", "r"), visited(kinds), "limit " + limit);
            for (FakeKind kind : List.of(messages, profiles, rooms)) {
                kind.assertAllUnder("k2");
            }
        }
    }

    @Test
    void aBatchThatEndsOnTheLastRowOfAKindGoesOnWithTheNextKind() {
        FakeKind messages = new FakeKind("message", "a", "b");
        FakeKind profiles = new FakeKind("profile", "p");
        List<Kind<?>> kinds = List.of(messages, profiles);

        Batch first = JpaSealedRecords.walk(kinds, null, NEW, Optional.empty(), 2);
        assertEquals(Optional.of("message:b"), first.last());
        Batch second = JpaSealedRecords.walk(kinds, null, NEW, first.last(), 2);
        assertEquals(1, second.examined());
        assertEquals(Optional.of("profile:p"), second.last());
        Batch empty = JpaSealedRecords.walk(kinds, null, NEW, second.last(), 2);
        assertEquals(new Batch(0, 0, 0, second.last()), empty);
    }

    @Test
    void valuesUnderTheActiveKeyStayAndUnreadableOnesAreCountedAndLeftAlone() {
        FakeKind profiles = new FakeKind("profile", "p", "q", "r");
        byte[] current = NEW.seal(text("q"), profiles.binding("q"));
        profiles.rows.put("q", current);
        byte[] damaged = profiles.rows.get("r").clone();
        damaged[damaged.length - 1] ^= 1;
        profiles.rows.put("r", damaged);

        Batch b = JpaSealedRecords.walk(List.of(profiles), null, NEW, Optional.empty(), 10);

        assertEquals(new Batch(3, 1, 1, Optional.of("profile:r")), b);
        assertEquals("k2", NEW.keyIdOf(profiles.rows.get("p")));
        assertArrayEquals(current, profiles.rows.get("q"));
        assertArrayEquals(damaged, profiles.rows.get("r"));
        assertEquals(List.of("p", "r"), profiles.locked, "rows already under the active key are not locked");
    }

    @Test
    void aChangeThatLandedBeforeTheLockIsKeptNotOverwritten() {
        FakeKind rooms = new FakeKind("room", "r");
        byte[] changed = NEW.seal("changed meanwhile".getBytes(StandardCharsets.UTF_8), rooms.binding("r"));
        rooms.onLock = key -> rooms.rows.put(key, changed); // the lock re-reads the row a user just saved

        Batch b = JpaSealedRecords.walk(List.of(rooms), null, NEW, Optional.empty(), 10);

        assertEquals(0, b.resealed());
        assertArrayEquals(changed, rooms.rows.get("r"));
    }

    private static List<Batch> rotate(List<Kind<?>> kinds, int limit) {
        // As KeyRotationService drives it.
        List<Batch> batches = new ArrayList<>();
        Optional<String> after = Optional.empty();
        Batch b;
        do {
            b = JpaSealedRecords.walk(kinds, null, NEW, after, limit);
            batches.add(b);
            after = b.last();
        } while (b.examined() == limit);
        return batches;
    }

    private static List<String> visited(List<Kind<?>> kinds) {
        List<String> all = new ArrayList<>();
        kinds.forEach(k -> all.addAll(((FakeKind) k).visited));
        return all;
    }

    private static byte[] text(String key) {
        return ("plaintext of " + key).getBytes(StandardCharsets.UTF_8);
    }

    private static String randomKey() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return Base64.getEncoder().encodeToString(k);
    }

    /** A kind whose rows are keys mapped to values sealed under k1, in key order; rows are the keys themselves. */
    private static final class FakeKind implements Kind<String> {
        final String name;
        final TreeMap<String, byte[]> rows = new TreeMap<>();
        final List<String> visited = new ArrayList<>();
        final List<String> locked = new ArrayList<>();
        Consumer<String> onLock = key -> { };

        FakeKind(String name, String... keys) {
            this.name = name;
            for (String key : keys) {
                rows.put(key, OLD.seal(text(key), binding(key)));
            }
        }

        CipherBinding binding(String key) {
            return new CipherBinding(name, List.of(key));
        }

        void assertAllUnder(String keyId) {
            for (Map.Entry<String, byte[]> row : rows.entrySet()) {
                assertEquals(keyId, NEW.keyIdOf(row.getValue()), row.getKey());
                assertArrayEquals(text(row.getKey()), NEW.open(row.getValue(), binding(row.getKey())));
            }
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public List<String> next(EntityManager em, Optional<String> after, int limit) {
            List<String> page = (after.isEmpty() ? rows : rows.tailMap(after.get(), false)).keySet().stream()
                    .limit(limit).toList();
            visited.addAll(page);
            return page;
        }

        @Override
        public String keyOf(String row) {
            return row;
        }

        @Override
        public CipherBinding bindingOf(String row) {
            return binding(row);
        }

        @Override
        public byte[] valueOf(String row) {
            return rows.get(row);
        }

        @Override
        public void replace(String row, byte[] sealed) {
            rows.put(row, sealed);
        }

        @Override
        public void lock(EntityManager em, String row) {
            locked.add(row);
            onLock.accept(row);
        }
    }
}
