package org.parley.application;

/**
 * Authenticated encryption of values kept at rest: message content, queued messages, user profiles and room beans.
 * A sealed value carries the id of the key it was sealed under, so keys rotate without rewriting everything at once,
 * and is bound to the identity of the record it belongs to ({@link CipherBinding}), so a value copied into
 * another record, or another kind of record, no longer opens.
 */
public interface AtRestCipher {

    /** Seals {@code plaintext} under the active key, bound to {@code binding}. */
    byte[] seal(byte[] plaintext, CipherBinding binding);

    /**
     * Opens a value sealed by {@link #seal} under any configured key.
     *
     * @throws CipherFailure if the value was changed, belongs to another binding, or its key is not configured
     */
    byte[] open(byte[] sealed, CipherBinding binding);

    /**
     * The id of the key a sealed value was sealed under, read from its header without opening it.
     *
     * @throws CipherFailure if the value has no valid header
     */
    String keyIdOf(byte[] sealed);

    /** The id of the key new values are sealed under. */
    String activeKeyId();
}
