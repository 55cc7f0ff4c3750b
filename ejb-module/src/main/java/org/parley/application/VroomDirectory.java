package org.parley.application;

import java.util.Optional;

/** Virtual rooms (tim's vrooms) for the whole cluster: their founders and their subscribed sockets. */
public interface VroomDirectory {

    /** A new vroom with its founder; it lives until removed or idle for {@code parley.vroom.idle-expiry}. */
    void create(String vnode, String founder);

    void remove(String vnode);

    /** The vroom's founder, if the vroom exists (and has not expired). */
    Optional<String> founder(String vnode);

    /** A stream went through: the vroom lives on for another expiry period. */
    void renew(String vnode);

    /** Subscribes one socket of this node; a second subscription of the same socket switches its mode. */
    void subscribe(String vnode, long connection, boolean raw);

    void unsubscribe(String vnode, long connection);

    /** A socket of this node closed: it leaves every vroom it had subscribed to. */
    void socketClosed(long connection);
}
