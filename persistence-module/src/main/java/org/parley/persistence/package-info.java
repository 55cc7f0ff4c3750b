/**
 * JPA entities of Parley. Every shard database has the same schema; which shard a row lives in is decided by
 * the shard map (ejb-module), never by these classes. Each row records the {@link org.parley.persistence.Slots slot}
 * of its shard key, so a slot range can be moved. Ids are made by the application (no IDENTITY columns), so rows can
 * move between shards unchanged. The shard map and move records live in the catalog shard only.
 */
package org.parley.persistence;
