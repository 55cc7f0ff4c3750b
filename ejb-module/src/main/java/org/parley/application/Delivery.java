package org.parley.application;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.parley.domain.DeviceRecord;
import org.parley.domain.OfflineRef;
import org.parley.protocol.TimMessage;
import org.parley.protocol.TimPresence;
import org.parley.protocol.TimStream;
import org.parley.protocol.TimStruct;

/**
 * How frames reach devices, wherever in the cluster they are connected: the one port for delivery. Its audiences are
 * a user (every device of one user), a set of users, a room at a mid (the room's members, with delivery cursors
 * instead of rows per member) and a vroom (its subscribed sockets). Each frame is encoded once per wire mode and the
 * same bytes go to every device and across the cluster hop. Plain frames go to the devices online now; ack-required
 * pushes count as delivered once any device of the user acknowledged them, as in tim.
 */
public interface Delivery {

    /** A device logged in on this node: from now on frames for its user reach it. */
    void attach(DeviceConnection device);

    /**
     * The device's socket is gone: pushes still waiting for its acknowledgement count as not delivered.
     *
     * @return true if it was its user's last device on this node
     */
    boolean detach(DeviceConnection device);

    /** A plain frame to every device of the user. */
    void send(String user, int frameType, TimStruct<?> struct);

    /** A plain frame to every device of each of the users. */
    void sendToUsers(Collection<String> users, int frameType, TimStruct<?> struct);

    /**
     * An ack-required frame to every device of the user, resent until a device acknowledges it or the attempts run
     * out.
     *
     * @return true once any device acknowledged; false if none is connected or none acknowledged
     */
    CompletionStage<Boolean> push(String user, int frameType, TimStruct<?> struct);

    /**
     * An ack-required message whose offline queue entry is already written: the entry leaves the queue once a device
     * acknowledged the push, and stays for the next offline pull otherwise.
     */
    void pushQueued(String user, TimMessage message, OfflineRef queued);

    /** An ack-required frame to one device of this node (offline batches answer the device that asked). */
    CompletionStage<Boolean> pushToDevice(DeviceConnection device, int frameType, TimStruct<?> struct);

    /** The device acknowledged the push it got under {@code syncId} (an ACK frame, 12). */
    void acknowledged(DeviceConnection device, int syncId);

    /**
     * A stored room message at its mid to every member of the room who is online, the sender included. Each node
     * records which members acknowledged it ({@link #deliveredRoomMessages}), so the send path writes nothing per
     * member.
     */
    void pushToRoom(String room, long mid, TimMessage message);

    /**
     * How far room messages reached the user's devices on this node, per room, forgetting it: every message up to
     * that mid was acknowledged.
     */
    Map<String, Long> deliveredRoomMessages(String user);

    /** A presence to every device of each of the users, each copy addressed to its recipient ({@code toTid}). */
    void sendPresence(Collection<String> users, TimPresence presence);

    /** A raw (big-data) frame to every device of each of the users. */
    void sendRaw(Collection<String> users, byte[] frame);

    /** A vroom's stream push to its subscribed sockets, each in its subscription's mode; slow sockets miss frames. */
    void stream(String vnode, TimStream stream);

    /** Tells one device it is logged out (TimAck timType 20) and closes it, wherever it is connected. */
    void kick(String user, DeviceRecord device);
}
