package org.parley.infrastructure.persistence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.persistence.config.PersistenceUnitProperties;
import org.eclipse.persistence.jpa.PersistenceProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parley.domain.ChatId;
import org.parley.domain.Message;
import org.parley.domain.MessageStore.Appended;
import org.parley.domain.OfflineRef;
import org.parley.persistence.AccountEntity;
import org.parley.persistence.ChatSequenceEntity;
import org.parley.persistence.MessageEntity;
import org.parley.persistence.MessageKey;
import org.parley.persistence.OfflineEntryEntity;
import org.parley.persistence.Slots;

/**
 * The JDBC batches against the schema EclipseLink makes from the entities (the shard template unit, on in-memory
 * H2), read back through JPA as the rest of the store reads them.
 */
class MessageRowsTest {

    private static final AtomicLong DATABASES = new AtomicLong();

    private EntityManagerFactory emf;
    private final AtomicLong ids = new AtomicLong(100);

    @BeforeEach
    void openShard() {
        Map<String, Object> p = new HashMap<>();
        p.put(PersistenceUnitProperties.ECLIPSELINK_PERSISTENCE_XML, ShardEntityManagerFactories.TEMPLATE_DESCRIPTOR);
        p.put(PersistenceUnitProperties.TRANSACTION_TYPE, "RESOURCE_LOCAL");
        p.put(PersistenceUnitProperties.TARGET_SERVER, "None");
        p.put(PersistenceUnitProperties.JTA_DATASOURCE, "");
        p.put(PersistenceUnitProperties.JDBC_URL, "jdbc:h2:mem:rows" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
        p.put(PersistenceUnitProperties.JDBC_DRIVER, "org.h2.Driver");
        p.put(PersistenceUnitProperties.SESSION_NAME, "rows-test-" + DATABASES.get());
        p.put(PersistenceUnitProperties.CLASSLOADER, AccountEntity.class.getClassLoader());
        emf = new PersistenceProvider().createEntityManagerFactory(ShardEntityManagerFactories.TEMPLATE_UNIT, p);
    }

    @AfterEach
    void close() {
        emf.close();
    }

    @Test
    void stampsEachChatInOrderAndQueuesEveryRecipient() throws SQLException {
        ChatId ab = ChatId.direct("alice", "bob");
        ChatId ac = ChatId.direct("alice", "carol");
        inTransaction(em -> em.persist(new ChatSequenceEntity(Slots.of(ab.value()), ab.value(), 41, 5_000)));

        List<Appended> out = append(List.of(
                draft(ab, 6_000, "one", "bob"),
                draft(ac, 7_000, "two", "carol"),
                draft(ab, 6_000, "three", "bob")));

        assertEquals(List.of(42L, 1L, 43L), out.stream().map(a -> a.message().mid()).toList());
        // A lagging clock still gives strictly increasing timestamps within a chat.
        assertEquals(List.of(6_000L, 7_000L, 6_001L), out.stream().map(a -> a.message().timestamp()).toList());
        read(em -> {
            assertEquals(43, em.find(ChatSequenceEntity.class, ab.value()).getLastMid());
            assertEquals(6_001, em.find(ChatSequenceEntity.class, ab.value()).getLastTimestamp());
            assertEquals(1, em.find(ChatSequenceEntity.class, ac.value()).getLastMid());
            MessageEntity three = em.find(MessageEntity.class, new MessageKey(ab.value(), 43));
            assertEquals("alice", three.getFromNode());
            assertEquals("bob", three.getToNode());
            assertNull(three.getRoomNode());
            assertEquals(Slots.of(ab.value()), three.getSlot());
            assertArrayEquals(sealed("three", 43), three.getPayload());
            OfflineRef ref = out.get(1).queued().get("carol");
            OfflineEntryEntity entry = em.find(OfflineEntryEntity.class, ref.entryId());
            assertEquals("carol", entry.getRecipientNode());
            assertEquals(ac.value(), entry.getChatId());
            assertEquals(1, entry.getMid());
            assertNull(entry.getPayload());
        });
    }

    @Test
    void aMessageWithoutRecipientsQueuesNothing() throws SQLException {
        ChatId ab = ChatId.direct("alice", "bob");
        List<Appended> out = append(List.of(draft(ab, 1, "self")));
        assertTrue(out.get(0).queued().isEmpty());
        read(em -> assertEquals(0L, em.createQuery("SELECT COUNT(o) FROM OfflineEntryEntity o", Long.class)
                .getSingleResult()));
    }

    @Test
    void removesEntriesByIdAndIgnoresOnesAlreadyGone() throws SQLException {
        ChatId ab = ChatId.direct("alice", "bob");
        List<Appended> out = append(List.of(draft(ab, 1, "one", "bob"), draft(ab, 2, "two", "bob")));
        OfflineRef first = out.get(0).queued().get("bob");
        inJdbc(c -> MessageRows.removeEntries(c, List.of(first, new OfflineRef(ab, 999_999))));
        read(em -> {
            assertNull(em.find(OfflineEntryEntity.class, first.entryId()));
            assertEquals("bob", em.find(OfflineEntryEntity.class, out.get(1).queued().get("bob").entryId())
                    .getRecipientNode());
        });
    }

    private List<Appended> append(List<MessageRows.Draft> drafts) throws SQLException {
        List<List<Appended>> out = new java.util.ArrayList<>();
        inJdbc(c -> out.add(MessageRows.append(c, drafts, MessageRowsTest::seal, ids::incrementAndGet)));
        return out.get(0);
    }

    private static MessageRows.Draft draft(ChatId chat, long timestamp, String text, String... recipients) {
        String to = recipients.length == 0 ? "bob" : recipients[0];
        return new MessageRows.Draft(new Message(chat, 0, "alice", to, null, 1, 0, timestamp,
                text.getBytes(StandardCharsets.UTF_8)), List.of(recipients));
    }

    /** A stand-in seal that shows which mid it was bound to. */
    private static byte[] seal(Message m, long mid) {
        return sealed(new String(m.content(), StandardCharsets.UTF_8), mid);
    }

    private static byte[] sealed(String text, long mid) {
        return (text + "@" + mid).getBytes(StandardCharsets.UTF_8);
    }

    private interface Jdbc {
        void run(Connection c) throws SQLException;
    }

    private void inJdbc(Jdbc work) throws SQLException {
        EntityManager em = emf.createEntityManager();
        try {
            em.getTransaction().begin();
            work.run(em.unwrap(Connection.class));
            em.getTransaction().commit();
        } finally {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
            em.close();
        }
    }

    private void inTransaction(java.util.function.Consumer<EntityManager> work) {
        EntityManager em = emf.createEntityManager();
        try {
            em.getTransaction().begin();
            work.accept(em);
            em.getTransaction().commit();
        } finally {
            em.close();
        }
    }

    private void read(java.util.function.Consumer<EntityManager> work) {
        EntityManager em = emf.createEntityManager();
        try {
            work.accept(em);
        } finally {
            em.close();
        }
    }
}
