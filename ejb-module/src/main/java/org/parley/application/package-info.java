/**
 * Application services: one stateless EJB per capability (accounts, messaging, rooms, rosters, presence, streams,
 * offline delivery, history, key rotation, and the operators' side: {@link
 * org.parley.application.AccountAdministration}, {@link org.parley.application.AdminMessaging}, {@link
 * org.parley.application.HistoryExport}, {@link org.parley.application.SessionAdministration}, {@link
 * org.parley.application.RoomAdministration}, which leave authorization to the interfaces layer), and the ports they
 * own and infrastructure implements: {@link
 * org.parley.application.Delivery}, {@link org.parley.application.RoomDirectory}, {@link
 * org.parley.application.SessionDirectory}, {@link org.parley.application.VroomDirectory}, token store, password
 * hashing, at-rest cipher, sealed records, abuse {@link org.parley.application.Quotas}, the operators' {@link
 * org.parley.application.AuditTrail},
 * {@link org.parley.application.Settings}. They check who may do what, turn
 * wire structs into domain operations and hand results to {@code Delivery}; nothing here imports infrastructure.
 * Failures are {@link org.parley.application.TimFailure}s carrying tim's error code (the interfaces layer turns them
 * into error acks) or, for operators, {@link org.parley.application.OperationRefused} (problem documents).
 */
package org.parley.application;
