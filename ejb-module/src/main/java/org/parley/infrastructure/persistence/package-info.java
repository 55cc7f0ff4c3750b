/**
 * JPA implementations of the domain stores over several shard databases. {@link
 * org.parley.infrastructure.persistence.ShardResolver} maps a key (user node, chat id) to a shard; every
 * transaction touches exactly one shard (the shards are independent, non-XA data sources), which
 * {@link org.parley.infrastructure.persistence.ShardTransactions} makes explicit.
 */
package org.parley.infrastructure.persistence;
