/**
 * REST resources under {@code /api}: the operator's view of the cluster (and, later, administration and
 * integration). Every resource requires the administrator's bearer token ({@code parley.admin.token}); without a
 * configured token the API answers 403.
 */
package org.parley.interfaces.rest;
