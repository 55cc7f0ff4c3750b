package org.parley.infrastructure.crypto;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.parley.application.AtRestCipher;
import org.parley.application.CipherBinding;
import org.parley.application.CipherFailure;
import org.parley.application.LoginToken;

/**
 * What the cluster keeps of a login token: under a keyed hash of the token (HMAC-SHA256), never the token itself, a
 * value sealed by the at-rest cipher and bound to that key. Whoever reads the cluster's token map (its member port
 * has no authentication in Hazelcast's open-source edition) learns no token, and cannot turn a token they hold into
 * another account's by rewriting a value: a value moved to another key, or changed, no longer opens.
 */
@ApplicationScoped
public class SealedTokens {

    private static final String KIND = "token";

    private HmacSha256 hmac;
    private AtRestCipher cipher;

    protected SealedTokens() {
        // for CDI proxies
    }

    @Inject
    public SealedTokens(Secrets secrets, AtRestCipher cipher) {
        this(secrets.tokenKey(), cipher);
    }

    SealedTokens(byte[] hashKey, AtRestCipher cipher) {
        this.hmac = new HmacSha256(hashKey);
        this.cipher = cipher;
    }

    /** The map key of {@code token}: its keyed hash, base64url. */
    public String keyOf(String token) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(hmac.of(token.getBytes(StandardCharsets.UTF_8)));
    }

    public byte[] seal(String key, LoginToken token) {
        return cipher.seal(encode(token), binding(key));
    }

    /** @return the token, or empty if the value does not open under {@code key} (changed, moved, or a stale key) */
    public Optional<LoginToken> open(String key, byte[] sealed) {
        try {
            return Optional.of(decode(cipher.open(sealed, binding(key))));
        } catch (CipherFailure e) {
            return Optional.empty();
        }
    }

    private static CipherBinding binding(String key) {
        return new CipherBinding(KIND, List.of(key));
    }

    private static byte[] encode(LoginToken t) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(t.node());
            optional(out, t.domain());
            optional(out, t.credential());
            Map<String, String> extend = t.extend() == null ? Map.of() : t.extend();
            out.writeBoolean(t.extend() != null);
            out.writeInt(extend.size());
            for (Map.Entry<String, String> e : extend.entrySet()) {
                out.writeUTF(e.getKey());
                optional(out, e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static LoginToken decode(byte[] plain) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(plain))) {
            String node = in.readUTF();
            String domain = optional(in);
            String credential = optional(in);
            boolean hasExtend = in.readBoolean();
            int size = in.readInt();
            Map<String, String> extend = new LinkedHashMap<>();
            for (int i = 0; i < size; i++) {
                extend.put(in.readUTF(), optional(in));
            }
            return new LoginToken(node, domain, hasExtend ? extend : null, credential);
        } catch (IOException e) {
            // Sealed by this class, so authentic: only a value of another version could fail here.
            throw new UncheckedIOException("unreadable login token", e);
        }
    }

    private static void optional(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    private static String optional(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
