package org.parley.infrastructure.crypto;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import org.parley.application.AtRestCipher;
import org.parley.application.CipherBinding;
import org.parley.application.CipherFailure;
import org.parley.infrastructure.config.ParleyConfig;

/**
 * AES-256-GCM with a random 96-bit nonce per value. A sealed value is
 * <pre>
 *   version (1 byte, 1) | key id length (1 byte) | key id (ASCII) | nonce (12 bytes) | ciphertext and 128-bit tag
 * </pre>
 * and the associated data is the header (version and key id) followed by the {@link CipherBinding}, so neither the
 * key id nor the record a value belongs to can be changed without the value failing to open.
 * <p>
 * Keys come from {@code parley.crypto.keys} / {@code parley.crypto.active-key}; without them one key is generated
 * into the data directory's secrets file under the id {@value #GENERATED_KEY_ID}.
 */
@ApplicationScoped
public class AesGcmCipher implements AtRestCipher {

    /** Id of the key generated when none is configured; configure it under this id to keep reading old values. */
    public static final String GENERATED_KEY_ID = "local";

    static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    /**
     * Per thread: {@code Cipher.getInstance} is a provider lookup, and one shared SecureRandom is a lock that every
     * request thread sealing a message queues on. A cipher is re-initialised with a fresh nonce for every value.
     */
    private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(AesGcmCipher::newCipher);
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(SecureRandom::new);

    private AtRestKeys keys;

    protected AesGcmCipher() {
        // for CDI proxies
    }

    @Inject
    public AesGcmCipher(ParleyConfig config, Secrets secrets) {
        this(config.cryptoKeys()
                .map(spec -> AtRestKeys.parse(spec, config.cryptoActiveKey()))
                .orElseGet(() -> AtRestKeys.single(GENERATED_KEY_ID, secrets.atRestKey())));
    }

    public AesGcmCipher(AtRestKeys keys) {
        this.keys = keys;
    }

    @Override
    public byte[] seal(byte[] plaintext, CipherBinding binding) {
        byte[] header = header(keys.activeId());
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.get().nextBytes(nonce);
        try {
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.ENCRYPT_MODE, keys.active(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(header);
            cipher.updateAAD(binding.encoded());
            byte[] body = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(header.length + NONCE_BYTES + body.length).put(header).put(nonce).put(body).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM unavailable", e);
        }
    }

    @Override
    public byte[] open(byte[] sealed, CipherBinding binding) {
        String keyId = keyIdOf(sealed);
        SecretKey key = keys.byId(keyId).orElseThrow(() -> new CipherFailure(
                "value sealed under key " + keyId + ", which is not in parley.crypto.keys"));
        int headerLength = 2 + keyId.length();
        if (sealed.length < headerLength + NONCE_BYTES + TAG_BITS / 8) {
            throw new CipherFailure("sealed value too short");
        }
        try {
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, headerLength, NONCE_BYTES));
            cipher.updateAAD(sealed, 0, headerLength);
            cipher.updateAAD(binding.encoded());
            int bodyOffset = headerLength + NONCE_BYTES;
            return cipher.doFinal(sealed, bodyOffset, sealed.length - bodyOffset);
        } catch (AEADBadTagException e) {
            throw new CipherFailure("sealed value does not authenticate: changed, or not this record's", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM unavailable", e);
        }
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM unavailable", e);
        }
    }

    @Override
    public String keyIdOf(byte[] sealed) {
        if (sealed == null || sealed.length < 2 || sealed[0] != VERSION) {
            throw new CipherFailure("not a sealed value (unknown header)");
        }
        int idLength = sealed[1] & 0xff;
        if (idLength == 0 || sealed.length < 2 + idLength) {
            throw new CipherFailure("not a sealed value (bad key id)");
        }
        return new String(sealed, 2, idLength, StandardCharsets.US_ASCII);
    }

    @Override
    public String activeKeyId() {
        return keys.activeId();
    }

    private static byte[] header(String keyId) {
        byte[] id = AtRestKeys.idBytes(keyId);
        return ByteBuffer.allocate(2 + id.length).put(VERSION).put((byte) id.length).put(id).array();
    }
}
