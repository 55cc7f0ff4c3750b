/**
 * JPA implementations of the domain stores over several shard databases, and the shard map that spreads them.
 * Each shard is a JTA data source {@code jdbc/parley/<shard>} with an EntityManagerFactory made from one template
 * unit ({@link org.parley.infrastructure.persistence.ShardEntityManagerFactories}). Stores reach data by shard key
 * through {@link org.parley.infrastructure.persistence.ShardAccess}: {@link
 * org.parley.infrastructure.persistence.ShardResolver} maps the key to a slot and the slot to its shard under the
 * durable, versioned {@link org.parley.infrastructure.persistence.ShardMap}; every transaction touches exactly one
 * shard (the shards are independent, non-XA data sources). {@link
 * org.parley.infrastructure.persistence.ShardMoveService} moves slot ranges between shards while nodes serve, with
 * {@link org.parley.infrastructure.persistence.ShardMapSync} and each node's {@link
 * org.parley.infrastructure.persistence.SlotGate} keeping writers out of a range while it switches. Message appends
 * of one shard share transactions under load ({@link org.parley.infrastructure.persistence.AppendGroupCommit}) and
 * are written as plain JDBC batches in the shard's transaction ({@link
 * org.parley.infrastructure.persistence.MessageRows}), and the checks every message makes read node-local copies ({@link org.parley.infrastructure.persistence.ReadCaches}).
 */
package org.parley.infrastructure.persistence;
