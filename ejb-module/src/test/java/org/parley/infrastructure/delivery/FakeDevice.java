package org.parley.infrastructure.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.parley.application.DeviceConnection;
import org.parley.protocol.ServerFrame;
import org.parley.protocol.Tid;

/** A socket that keeps what was written to it, in order; it can be told to refuse writes or to count as behind. */
final class FakeDevice implements DeviceConnection {

    private static final AtomicLong IDS = new AtomicLong();

    final long id = IDS.incrementAndGet();
    final Tid tid;
    final boolean json;
    final List<byte[]> written = new ArrayList<>();
    boolean refuseWrites;
    boolean behind;
    String loggedOut;

    FakeDevice(String user, boolean json) {
        this.tid = new Tid(user);
        this.json = json;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public Tid tid() {
        return tid;
    }

    @Override
    public boolean json() {
        return json;
    }

    @Override
    public synchronized boolean write(byte[] frame) {
        if (refuseWrites) {
            return false;
        }
        written.add(frame);
        return true;
    }

    @Override
    public synchronized boolean writeDroppable(byte[] frame) {
        return !behind && write(frame);
    }

    @Override
    public void logout(String reason) {
        loggedOut = reason;
    }

    synchronized List<ServerFrame> frames() {
        return written.stream().map(ServerFrame::parse).toList();
    }

    synchronized ServerFrame last() {
        return ServerFrame.parse(written.get(written.size() - 1));
    }
}
