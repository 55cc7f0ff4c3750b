/**
 * The audit trail of operators' changes ({@link org.parley.application.AuditTrail}): one line per change in the
 * node's log, under the logger {@code parley.audit}, where the admin console's log viewer and any log shipper find
 * it.
 */
package org.parley.infrastructure.audit;
