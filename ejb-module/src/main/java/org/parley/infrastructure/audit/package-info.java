/**
 * The audit trail of operators' changes ({@link org.parley.application.AuditTrail}): one line per change in the
 * node's log under the logger {@code parley.audit}, and the latest changes in a cluster-wide Hazelcast ring buffer
 * that the admin API reads back ({@link org.parley.infrastructure.audit.ClusterAuditTrail}).
 */
package org.parley.infrastructure.audit;
