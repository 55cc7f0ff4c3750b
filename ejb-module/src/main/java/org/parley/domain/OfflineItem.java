package org.parley.domain;

/**
 * One message waiting for a recipient: the stored message it refers to, ready for delivery, and the handle to
 * delete once a device acknowledged it.
 */
public record OfflineItem(OfflineRef ref, Message message) {
}
