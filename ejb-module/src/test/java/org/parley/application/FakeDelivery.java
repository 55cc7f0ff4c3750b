package org.parley.application;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.parley.domain.DeviceRecord;
import org.parley.domain.OfflineRef;
import org.parley.protocol.TimMessage;
import org.parley.protocol.TimPresence;
import org.parley.protocol.TimStream;
import org.parley.protocol.TimStruct;

/**
 * Records every delivery call, in order, with a copy of what was handed over (so later changes by the caller do not
 * rewrite history). The calls the services under test never make throw, so an unexpected one fails the test.
 */
final class FakeDelivery implements Delivery {

    record Send(String user, int frameType, TimStruct<?> struct) {
    }

    record SendToUsers(Set<String> users, int frameType, TimStruct<?> struct) {
    }

    record PushQueued(String user, TimMessage message, OfflineRef queued) {
    }

    record PushToRoom(String room, long mid, TimMessage message) {
    }

    record SendRaw(Set<String> users, byte[] frame) {
    }

    record Kick(String user, DeviceRecord device) {
    }

    record SendPresence(List<String> users, TimPresence presence) {
    }

    /** Every call, in the order it was made. */
    final List<Object> calls = new ArrayList<>();

    <T> List<T> callsOf(Class<T> kind) {
        return calls.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    List<Send> sends() {
        return callsOf(Send.class);
    }

    List<PushQueued> pushesQueued() {
        return callsOf(PushQueued.class);
    }

    List<PushQueued> pushesQueuedTo(String user) {
        return pushesQueued().stream().filter(p -> p.user().equals(user)).toList();
    }

    @Override
    public void send(String user, int frameType, TimStruct<?> struct) {
        calls.add(new Send(user, frameType, struct.copy()));
    }

    @Override
    public void sendToUsers(Collection<String> users, int frameType, TimStruct<?> struct) {
        calls.add(new SendToUsers(Set.copyOf(users), frameType, struct.copy()));
    }

    @Override
    public void pushQueued(String user, TimMessage message, OfflineRef queued) {
        calls.add(new PushQueued(user, message.copy(), queued));
    }

    @Override
    public void pushToRoom(String room, long mid, TimMessage message) {
        calls.add(new PushToRoom(room, mid, message.copy()));
    }

    @Override
    public void sendRaw(Collection<String> users, byte[] frame) {
        calls.add(new SendRaw(Set.copyOf(users), frame.clone()));
    }

    @Override
    public void attach(DeviceConnection device) {
        throw unexpected("attach");
    }

    @Override
    public boolean detach(DeviceConnection device) {
        throw unexpected("detach");
    }

    @Override
    public CompletionStage<Boolean> push(String user, int frameType, TimStruct<?> struct) {
        throw unexpected("push");
    }

    @Override
    public CompletionStage<Boolean> pushToDevice(DeviceConnection device, int frameType, TimStruct<?> struct) {
        throw unexpected("pushToDevice");
    }

    @Override
    public void acknowledged(DeviceConnection device, int syncId) {
        throw unexpected("acknowledged");
    }

    @Override
    public Map<String, Long> deliveredRoomMessages(String user) {
        return Map.of(); // no room message reached a device live here

    }

    @Override
    public void sendPresence(Collection<String> users, TimPresence presence) {
        calls.add(new SendPresence(List.copyOf(users), presence));
    }

    @Override
    public void stream(String vnode, TimStream stream) {
        throw unexpected("stream");
    }

    @Override
    public void kick(String user, DeviceRecord device) {
        calls.add(new Kick(user, device));
    }

    private static UnsupportedOperationException unexpected(String call) {
        return new UnsupportedOperationException("Delivery." + call + " is not expected from these services");
    }
}
