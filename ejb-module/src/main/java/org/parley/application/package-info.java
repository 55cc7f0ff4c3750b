/**
 * Application services: one stateless EJB per capability (accounts, messaging, offline delivery, history, key
 * rotation), and the interfaces they need from infrastructure (token store, password hashing, at-rest cipher,
 * sealed records). They check who may do what, turn wire structs into domain operations, and hand results to the
 * {@link org.parley.infrastructure.cluster.ClusterRouter} for delivery. Failures are {@link
 * org.parley.application.TimFailure}s carrying tim's error code; the interfaces layer turns them into error acks.
 */
package org.parley.application;
