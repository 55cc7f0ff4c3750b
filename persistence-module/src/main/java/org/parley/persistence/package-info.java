/**
 * JPA entities of Parley. Every shard database has the same schema; which shard a row lives in is decided by
 * the shard resolver (ejb-module), never by these classes. Ids are made by the application (no IDENTITY
 * columns), so rows can move between shards unchanged.
 */
package org.parley.persistence;
