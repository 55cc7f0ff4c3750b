package org.parley.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parley.protocol.ErrorCode;
import org.parley.protocol.TimAuth;

/** AccountService's rules against in-memory accounts and tokens and a password hashing that counts its checks. */
class AccountServiceTest {

    /** Hashing that writes the password into the hash and counts every check, decoy checks included. */
    static final class CountingPasswords implements PasswordHashing {
        int checks;
        int salt;

        @Override
        public String hash(String password) {
            return "h" + (salt++) + ":" + password;
        }

        @Override
        public boolean matches(String password, String hash) {
            checks++;
            return hash.substring(hash.indexOf(':') + 1).equals(password);
        }

        @Override
        public void matchesNone(String password) {
            checks++;
        }
    }

    static final class MapTokens implements TokenStore {
        final Map<String, LoginToken> entries = new HashMap<>();

        @Override
        public void put(String token, LoginToken value, Duration ttl) {
            entries.put(token, value);
        }

        @Override
        public Optional<LoginToken> take(String token) {
            return Optional.ofNullable(entries.remove(token));
        }
    }

    private final InMemoryAccountStore store = new InMemoryAccountStore();
    private final CountingPasswords passwords = new CountingPasswords();
    private final MapTokens tokens = new MapTokens();
    private final AccountService service = new AccountService();

    @BeforeEach
    void wire() {
        service.accounts = store;
        service.identity = (name, domain) -> "n:" + name + "@" + domain;
        service.passwords = passwords;
        service.tokens = tokens;
        service.config = TestSettings.defaults();
        service.register(auth("alice", "secret"));
    }

    private static TimAuth auth(String name, String password) {
        return new TimAuth().setName(name).setPwd(password);
    }

    private static ErrorCode refusal(Runnable call) {
        return assertThrows(TimFailure.class, call::run).code();
    }

    @Test
    void anUnknownNameCostsTheSameOneHashCheckAsAWrongPassword() {
        passwords.checks = 0;
        assertEquals(ErrorCode.PERMISSION_DENIED, refusal(() -> service.login(auth("alice", "wrong"))));
        assertEquals(1, passwords.checks, "a wrong password for an existing name: one check");
        passwords.checks = 0;
        assertEquals(ErrorCode.PERMISSION_DENIED, refusal(() -> service.login(auth("nobody", "wrong"))));
        assertEquals(1, passwords.checks, "an unknown name: one decoy check, not an early answer");
        passwords.checks = 0;
        assertEquals(ErrorCode.NO_PASS, refusal(() -> service.issueToken(auth("nobody", "wrong"))));
        assertEquals(1, passwords.checks);
    }

    @Test
    void textThatCollapsesIntoOtherTextIsNeverAPassword() {
        // '?abc' is what '\ud800abc' becomes in UTF-8, and U+FFFD what bytes that are not UTF-8 decode to.
        service.register(auth("bob", "?abc"));
        for (String collapsed : List.of("\ud800abc", "\udfffabc", "\ufffdabc", "abc\ud800")) {
            assertEquals(ErrorCode.PERMISSION_DENIED, refusal(() -> service.login(auth("bob", collapsed))), collapsed);
            assertEquals(ErrorCode.PARAMETER_INCORRECT, refusal(() -> service.register(auth("carol" + collapsed.length(), collapsed))));
            assertEquals(ErrorCode.PARAMETER_INCORRECT, refusal(() -> service.register(auth(collapsed, "pw"))));
        }
        assertEquals("n:bob@null", service.login(auth("bob", "?abc")).getNode());
        // A well-formed pair of surrogates is one character, and fine.
        service.register(auth("dave", "p\ud83d\ude00w"));
        assertEquals("n:dave@null", service.login(auth("dave", "p\ud83d\ude00w")).getNode());
        assertEquals(ErrorCode.MODIFY_PASSWORD_FAILED,
                refusal(() -> service.changePassword("n:dave@null", "p\ud83d\ude00w", "new\ud800")));
    }

    @Test
    void aTokenLogsInOnceAsItsAccount() {
        long token = service.issueToken(auth("alice", "secret"));
        assertEquals("n:alice@null", service.login(new TimAuth().setToken(Long.toString(token))).getNode());
        assertEquals(ErrorCode.ERROR_TOKEN, refusal(() -> service.login(new TimAuth().setToken(Long.toString(token)))));
    }

    @Test
    void aTokenIssuedBeforeAPasswordChangeNoLongerLogsIn() {
        long before = service.issueToken(auth("alice", "secret"));
        service.changePassword("n:alice@null", "secret", "changed");
        assertEquals(ErrorCode.ERROR_TOKEN, refusal(() -> service.login(new TimAuth().setToken(Long.toString(before)))));
        long after = service.issueToken(auth("alice", "changed"));
        assertEquals("n:alice@null", service.login(new TimAuth().setToken(Long.toString(after))).getNode());
    }

    @Test
    void aTokenIsBoundToTheNameItWasIssuedFor() {
        service.register(auth("bob", "pw"));
        long token = service.issueToken(auth("alice", "secret"));
        assertEquals(ErrorCode.ERROR_TOKEN,
                refusal(() -> service.login(new TimAuth().setName("bob").setToken(Long.toString(token)))));
        assertTrue(tokens.entries.isEmpty(), "consumed by the failed use");
    }
}
