/**
 * REST resources under {@code /api}: the operator's view of the cluster and administration (accounts, login tokens,
 * sessions, messages and broadcasts, history export, rooms and rosters, the audit trail, key rotation, the shard map
 * and online expansion). Every resource is for operators only ({@link
 * org.parley.interfaces.rest.OperatorAuthentication}: the server's realm or named API tokens; auditors read, admins
 * change). Resources only translate HTTP to application-service calls; no business rules here. Bodies are read by
 * {@link org.parley.interfaces.rest.JsonBodyReader} and every error is an RFC 9457 problem document ({@link
 * org.parley.interfaces.rest.Problem}).
 */
package org.parley.interfaces.rest;
