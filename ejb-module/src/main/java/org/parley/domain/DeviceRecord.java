package org.parley.domain;

/**
 * One logged-in device as the whole cluster sees it.
 *
 * @param member     Hazelcast member UUID of the node holding the socket
 * @param connection the socket's id on that node
 * @param termtyp    tim's terminal type given at login
 * @param loginNanos login time, nanoseconds since the epoch
 */
public record DeviceRecord(String member, long connection, int termtyp, String resource, long loginNanos) {
}
