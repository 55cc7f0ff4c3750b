/**
 * JPA implementations of the domain stores over several shard databases. Each shard is a JTA data source
 * {@code jdbc/parley/<shard>} with an EntityManagerFactory made from one template unit
 * ({@link org.parley.infrastructure.persistence.ShardEntityManagerFactories}); {@link
 * org.parley.infrastructure.persistence.ShardResolver} maps a key (user node, chat id) to a shard; every
 * transaction touches exactly one shard (the shards are independent, non-XA data sources), which
 * {@link org.parley.infrastructure.persistence.ShardTransactions} makes explicit.
 */
package org.parley.infrastructure.persistence;
