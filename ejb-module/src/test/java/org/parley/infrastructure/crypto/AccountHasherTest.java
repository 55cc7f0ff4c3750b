package org.parley.infrastructure.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.parley.domain.Base58;

/** A node is stored with every account: its derivation must never change. */
class AccountHasherTest {

    private static final byte[] KEY = "an account key of thirty-two b..".getBytes(StandardCharsets.US_ASCII);

    private static AccountHasher hasher() {
        AccountHasher h = new AccountHasher();
        h.hmac = new HmacSha256(KEY);
        return h;
    }

    /** The documented layout, computed directly: HMAC-SHA256(key, len(name) name domain), first 8 bytes, base58. */
    private static String expected(String name, String domain) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        mac.update(ByteBuffer.allocate(4).putInt(n.length).array());
        mac.update(n);
        if (domain != null) {
            mac.update(domain.getBytes(StandardCharsets.UTF_8));
        }
        return Base58.encode(ByteBuffer.wrap(mac.doFinal()).getLong() | Long.MIN_VALUE);
    }

    @Test
    void nodesAreTheKeyedHashOfLengthPrefixedNameAndDomain() throws Exception {
        AccountHasher h = hasher();
        for (String[] c : new String[][] {{"alice", null}, {"alice", "example.org"}, {"密码", "x"}, {"ab", "c"}}) {
            assertEquals(expected(c[0], c[1]), h.nodeOf(c[0], c[1]));
        }
        assertNotEquals(h.nodeOf("ab", "c"), h.nodeOf("a", "bc"));
        assertEquals(11, h.nodeOf("alice", null).length());
    }
}
