package org.parley.application;

import java.util.concurrent.CompletionStage;
import org.parley.protocol.Tid;
import org.parley.protocol.TimStream;
import org.parley.protocol.TimStruct;

/**
 * One logged-in device as the application sees it; the WebSocket layer implements it. Structs are encoded in the
 * device's own mode (Thrift or JSON).
 */
public interface DeviceConnection {

    /** Unique on this node for the life of the process. */
    long id();

    /** The session's identity: node, domain, resource, termtyp, extend as given at login. */
    Tid tid();

    /** Sends a frame that needs no acknowledgement. */
    void send(int frameType, TimStruct<?> struct);

    /** Sends a body-less frame (PING, OFFLINEMSGEND). */
    void sendEmpty(int frameType);

    /**
     * Sends an ack-required frame, resending it until the device acknowledges it or the attempts run out.
     *
     * @return completes with true once acknowledged, false if the device never did or went away
     */
    CompletionStage<Boolean> push(int frameType, TimStruct<?> struct);

    /** Sends a frame that is not a struct (big string / big binary, §5.15): never ack-required, never JSON. */
    void sendRaw(byte[] frame);

    /**
     * Sends a vroom's stream push in the subscription's mode: struct (94) or raw (97). Stream frames are the one
     * kind a device may miss: when its send queue is already long, the frame is dropped rather than queued.
     *
     * @return false if the frame was dropped
     */
    boolean sendStream(TimStream stream, boolean raw);

    /** Tells the device it is being logged out (TimAck timType 20) and closes it. */
    void logout(String reason);
}
