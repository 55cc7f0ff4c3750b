package org.parley.infrastructure.persistence;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import javax.naming.NamingException;
import javax.sql.DataSource;
import org.eclipse.persistence.config.PersistenceUnitProperties;
import org.eclipse.persistence.jpa.PersistenceProvider;
import org.parley.persistence.AccountEntity;

/**
 * One EntityManagerFactory per shard named in {@code parley.shards}, each made from the one template persistence
 * unit ({@value #TEMPLATE_DESCRIPTOR} in the persistence module) with the shard's JTA data source
 * {@code jdbc/parley/<shard>} and a session name of its own. The data sources are the runtime's (domain-config/
 * scripts or the admin console), so adding a PostgreSQL or MariaDB shard needs no rebuild.
 * <p>
 * Created at startup, so a missing data source or an unreachable database stops the deployment instead of the
 * first message, and the tables exist before any request.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN) // lookups are lock-free; opening a shard synchronises
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class ShardEntityManagerFactories {

    static final String TEMPLATE_UNIT = "parley-shard";
    static final String TEMPLATE_DESCRIPTOR = "META-INF/parley-shard-persistence.xml";
    static final String DATA_SOURCE_PREFIX = "jdbc/parley/";

    /**
     * MySQL and MariaDB compare text case-insensitively by default; nodes are base58, where "a" and "A" differ, so
     * their tables must compare bytes.
     */
    private static final String MYSQL_TABLE_SUFFIX = "DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin";

    private static final Logger LOG = Logger.getLogger(ShardEntityManagerFactories.class.getName());

    @Inject
    ShardResolver resolver;

    private final Map<String, EntityManagerFactory> byShard = new ConcurrentHashMap<>();

    /** Outside any transaction: schema creation must not be enlisted in (or rolled back with) a JTA transaction. */
    @PostConstruct
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void openConfigured() {
        try {
            open(resolver.shards());
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Opens the shards not open yet (a shard that a move adds, or that a newer map names), creating their tables.
     *
     * @throws IllegalStateException if a shard's data source does not exist or does not connect
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public synchronized void open(Collection<String> shards) {
        for (String shard : shards) {
            if (!byShard.containsKey(shard)) {
                EntityManagerFactory emf = create(shard);
                // EclipseLink deploys lazily; the first entity manager connects and creates or extends the tables.
                emf.createEntityManager().close();
                byShard.put(shard, emf);
            }
        }
    }

    @PreDestroy
    synchronized void close() {
        byShard.values().forEach(EntityManagerFactory::close);
        byShard.clear();
    }

    /** The factory of an open shard; its entity managers join JTA transactions through {@code joinTransaction}. */
    public EntityManagerFactory of(String shard) {
        EntityManagerFactory emf = byShard.get(shard);
        if (emf == null) {
            throw new IllegalArgumentException("no shard named " + shard + " is open (parley.shards and the shard map"
                    + " name the shards)");
        }
        return emf;
    }

    private EntityManagerFactory create(String shard) {
        String dataSource = DATA_SOURCE_PREFIX + shard;
        Map<String, Object> properties = new HashMap<>();
        properties.put(PersistenceUnitProperties.ECLIPSELINK_PERSISTENCE_XML, TEMPLATE_DESCRIPTOR);
        properties.put(PersistenceUnitProperties.JTA_DATASOURCE, dataSource);
        // Each shard is its own EclipseLink session; without distinct names the factories would share one.
        properties.put(PersistenceUnitProperties.SESSION_NAME, "parley-shard-" + shard);
        properties.put(PersistenceUnitProperties.CLASSLOADER, AccountEntity.class.getClassLoader());
        String product = databaseProduct(dataSource);
        if (product.contains("mysql") || product.contains("mariadb")) {
            properties.put(PersistenceUnitProperties.TABLE_CREATION_SUFFIX, MYSQL_TABLE_SUFFIX);
        }
        LOG.info(() -> "shard " + shard + ": " + dataSource + " (" + product + ")");
        // The provider is named directly rather than found through jakarta.persistence.Persistence, whose lookup
        // depends on how the runtime's class loaders expose provider registrations to applications.
        EntityManagerFactory emf = new PersistenceProvider().createEntityManagerFactory(TEMPLATE_UNIT, properties);
        if (emf == null) {
            throw new IllegalStateException("persistence unit " + TEMPLATE_UNIT + " not found at " + TEMPLATE_DESCRIPTOR);
        }
        return emf;
    }

    private static String databaseProduct(String dataSource) {
        try {
            DataSource ds = javax.naming.InitialContext.doLookup(dataSource);
            try (Connection c = ds.getConnection()) {
                return c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
            }
        } catch (NamingException e) {
            throw new IllegalStateException("shard data source " + dataSource + " does not exist: create it (see "
                    + "docs/operations.md) or remove the shard from parley.shards", e);
        } catch (SQLException e) {
            throw new IllegalStateException("shard data source " + dataSource + " does not connect", e);
        }
    }
}
