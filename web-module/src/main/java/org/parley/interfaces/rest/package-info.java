/**
 * The admin REST API under {@code /api/admin}: operations for operators (key rotation), protected by the bearer
 * token {@code parley.admin.token} and absent (404) while that is unset. Resources only translate HTTP to
 * application-service calls; no business rules here.
 */
package org.parley.interfaces.rest;
