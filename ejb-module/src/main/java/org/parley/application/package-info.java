/**
 * Application services: one stateless EJB per capability (accounts, messaging, offline delivery, history). They
 * check who may do what, turn wire structs into domain operations, and hand results to the
 * {@link org.parley.infrastructure.cluster.ClusterRouter} for delivery. Failures are {@link
 * org.parley.application.TimFailure}s carrying tim's error code; the interfaces layer turns them into error acks.
 */
package org.parley.application;
