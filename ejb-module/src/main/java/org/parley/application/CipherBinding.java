package org.parley.application;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What a sealed value belongs to: a kind of record ({@code "message"}, {@code "offline"}, {@code "profile"},
 * {@code "room"}) and the fields that identify one record of that kind. It is authenticated with the value (AES-GCM
 * associated data) but not stored in it.
 */
public record CipherBinding(String kind, List<String> identity) {

    public CipherBinding {
        identity = List.copyOf(identity);
    }

    /** A message is identified by its chat and its mid within the chat. */
    public static CipherBinding message(String chatId, long mid) {
        return new CipherBinding("message", List.of(chatId, Long.toString(mid)));
    }

    /** A queued message that history does not keep (notices, revokes, business, user-defined kinds): its entry id. */
    public static CipherBinding offline(long entryId) {
        return new CipherBinding("offline", List.of(Long.toString(entryId)));
    }

    /** A user's profile: the user's node. */
    public static CipherBinding profile(String userNode) {
        return new CipherBinding("profile", List.of(userNode));
    }

    /** A room's bean: the room's node. */
    public static CipherBinding room(String roomNode) {
        return new CipherBinding("room", List.of(roomNode));
    }

    /** Each part length-prefixed, so ("ab","c") and ("a","bc") never encode alike. */
    public byte[] encoded() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, kind);
        identity.forEach(part -> write(out, part));
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, String part) {
        byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
        out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
        out.writeBytes(bytes);
    }
}
