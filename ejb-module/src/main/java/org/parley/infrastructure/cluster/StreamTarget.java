package org.parley.infrastructure.cluster;

/**
 * One socket subscribed to a vroom, on the member that holds it.
 *
 * @param connection the socket's id on its member
 * @param raw        whether it subscribed for raw frames ({@code [0x61] vnode 0x83 body}) rather than TimStream
 *                   structs (94)
 */
public record StreamTarget(long connection, boolean raw) {
}
