/**
 * The {@code /tim} WebSocket: {@link org.parley.interfaces.websocket.TimEndpoint} owns the socket's life,
 * {@link org.parley.interfaces.websocket.Connection} its bounded outbound queue, and
 * {@link org.parley.interfaces.websocket.FrameDispatcher} maps each frame type to the one application service (or,
 * for ACK, the delivery port) that handles it. tim's ping_timeout is {@link
 * org.parley.interfaces.websocket.IdleSockets}; the container's own idle timer is off and its timers run on a plain
 * scheduler ({@link org.parley.interfaces.websocket.SocketIdleTimeout}, {@link
 * org.parley.interfaces.websocket.ContainerTimers}). No business rules here.
 */
package org.parley.interfaces.websocket;
