/**
 * The {@code /tim} WebSocket: {@link org.parley.interfaces.websocket.TimEndpoint} owns the socket's life,
 * {@link org.parley.interfaces.websocket.Connection} its outbound queue and acknowledgements, and
 * {@link org.parley.interfaces.websocket.FrameDispatcher} maps each frame type to the one application service that
 * handles it. No business rules here.
 */
package org.parley.interfaces.websocket;
