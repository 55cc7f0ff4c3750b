package org.parley.domain;

/** Handle on one queued offline entry: the chat names the shard it lives in. */
public record OfflineRef(ChatId chat, long entryId) {
}
