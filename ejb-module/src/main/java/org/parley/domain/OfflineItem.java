package org.parley.domain;

/**
 * One message waiting for a recipient, with the handle to delete once a device acknowledged it. Either a message
 * kept in history ({@code stored}), or a kind tim never keeps in history (notices, revokes, burns, user-defined
 * kinds), queued whole as an opaque encoding ({@code queued}, with its {@code timestamp}).
 */
public record OfflineItem(OfflineRef ref, Message stored, byte[] queued, long timestamp) {

    public static OfflineItem stored(OfflineRef ref, Message message) {
        return new OfflineItem(ref, message, null, message.timestamp());
    }

    public static OfflineItem queued(OfflineRef ref, byte[] message, long timestamp) {
        return new OfflineItem(ref, null, message, timestamp);
    }
}
