/**
 * A Java client for tim's client wire protocol, as spoken by Parley and by tim v2.1.0.
 *
 * <ul>
 * <li>{@link org.parley.client.TimClient} is one WebSocket session on {@code ws[s]://host:port/tim}:
 * login, messages, history, offline delivery, presence and the other requests, with application
 * acks sent automatically (or by hand, to simulate a device that does not acknowledge), optional
 * automatic reconnection, and an inbox that tests can wait on.
 * <li>{@link org.parley.client.TimHttp} is the HTTP side channel {@code /tim2}: registration and
 * login tokens.
 * </ul>
 *
 * <p>Frames and struct bodies come from {@code org.parley.protocol}; a client sends every frame
 * either as Thrift compact (like atim and timgo) or, in JSON mode, with bit 7 set on byte 0 and a
 * JSON body (like timjs). Networking uses only {@code java.net.http}. Section numbers in comments
 * refer to the tim wire-protocol specification.
 */
package org.parley.client;
