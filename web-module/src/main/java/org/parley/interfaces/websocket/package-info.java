/**
 * The {@code /tim} WebSocket: {@link org.parley.interfaces.websocket.TimEndpoint} owns the socket's life,
 * {@link org.parley.interfaces.websocket.Connection} its outbound queue (bounded in frames and bytes), and
 * {@link org.parley.interfaces.websocket.FrameDispatcher} maps each frame type to the one application service (or,
 * for ACK, the delivery port) that handles it. tim's ping_timeout is {@link
 * org.parley.interfaces.websocket.IdleSockets}; the container's own idle timer is off and its timers run on a plain
 * scheduler ({@link org.parley.interfaces.websocket.SocketIdleTimeout}, {@link
 * org.parley.interfaces.websocket.ContainerTimers}). The container's read buffer is checked against the frame limit
 * ({@link org.parley.interfaces.websocket.ReadBufferCheck}) and its client-caused WARNINGs are demoted ({@link
 * org.parley.interfaces.websocket.ContainerLogs}). No business rules here.
 */
package org.parley.interfaces.websocket;
