package org.parley.application;

import org.parley.protocol.Tid;

/**
 * One logged-in socket on this node as delivery sees it; the WebSocket layer implements it. It only writes whole
 * frames: encoding, sync ids and resends are {@link Delivery}'s.
 */
public interface DeviceConnection {

    /** Unique on this node for the life of the process. */
    long id();

    /** The session's identity: node, domain, resource, termtyp, extend as given at login. */
    Tid tid();

    /** Whether the device logged in with a JSON frame: structs to it are encoded in JSON, else Thrift compact. */
    boolean json();

    /**
     * Queues one whole frame for the socket; frames leave in the order they were written.
     *
     * @return false if the socket is closed, or its send queue is full (then the socket is being closed)
     */
    boolean write(byte[] frame);

    /**
     * Queues a frame that is worth nothing late (a live stream), unless the send queue is already long.
     *
     * @return false if the frame was dropped
     */
    boolean writeDroppable(byte[] frame);

    /** Tells the device it is being logged out (TimAck timType 20) and closes it. */
    void logout(String reason);
}
