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

    /** Budgets that never refill: each quota allows {@code budget} uses per key. */
    static final class CountingQuotas implements Quotas {
        final Map<String, Integer> used = new HashMap<>();
        int budget = 100;

        @Override
        public boolean exhausted(Quota quota, String key) {
            return used.getOrDefault(quota + key, 0) >= budget;
        }

        @Override
        public boolean take(Quota quota, String key) {
            if (exhausted(quota, key)) {
                return false;
            }
            used.merge(quota + key, 1, Integer::sum);
            return true;
        }
    }

    private static final String HOME = "192.0.2.1";

    private final CountingQuotas quotas = new CountingQuotas();
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
        service.quotas = quotas;
        service.register(auth("alice", "secret"), null);
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
        assertEquals(ErrorCode.PERMISSION_DENIED, refusal(() -> service.login(auth("alice", "wrong"), HOME)));
        assertEquals(1, passwords.checks, "a wrong password for an existing name: one check");
        passwords.checks = 0;
        assertEquals(ErrorCode.PERMISSION_DENIED, refusal(() -> service.login(auth("nobody", "wrong"), HOME)));
        assertEquals(1, passwords.checks, "an unknown name: one decoy check, not an early answer");
        passwords.checks = 0;
        assertEquals(ErrorCode.NO_PASS, refusal(() -> service.issueToken(auth("nobody", "wrong"), HOME)));
        assertEquals(1, passwords.checks);
    }

    @Test
    void textThatCollapsesIntoOtherTextIsNeverAPassword() {
        // '?abc' is what '\ud800abc' becomes in UTF-8, and U+FFFD what bytes that are not UTF-8 decode to.
        service.register(auth("bob", "?abc"), HOME);
        for (String collapsed : List.of("\ud800abc", "\udfffabc", "\ufffdabc", "abc\ud800")) {
            assertEquals(ErrorCode.PERMISSION_DENIED, refusal(() -> service.login(auth("bob", collapsed), HOME)), collapsed);
            assertEquals(ErrorCode.PARAMETER_INCORRECT, refusal(() -> service.register(auth("carol" + collapsed.length(), collapsed), HOME)));
            assertEquals(ErrorCode.PARAMETER_INCORRECT, refusal(() -> service.register(auth(collapsed, "pw"), HOME)));
        }
        assertEquals("n:bob@null", service.login(auth("bob", "?abc"), HOME).getNode());
        // A well-formed pair of surrogates is one character, and fine.
        service.register(auth("dave", "p\ud83d\ude00w"), HOME);
        assertEquals("n:dave@null", service.login(auth("dave", "p\ud83d\ude00w"), HOME).getNode());
        assertEquals(ErrorCode.MODIFY_PASSWORD_FAILED,
                refusal(() -> service.changePassword("n:dave@null", "p\ud83d\ude00w", "new\ud800")));
    }

    @Test
    void aTokenLogsInOnceAsItsAccount() {
        long token = service.issueToken(auth("alice", "secret"), HOME);
        assertEquals("n:alice@null", service.login(new TimAuth().setToken(Long.toString(token)), HOME).getNode());
        assertEquals(ErrorCode.ERROR_TOKEN, refusal(() -> service.login(new TimAuth().setToken(Long.toString(token)), HOME)));
    }

    @Test
    void aTokenIssuedBeforeAPasswordChangeNoLongerLogsIn() {
        long before = service.issueToken(auth("alice", "secret"), HOME);
        service.changePassword("n:alice@null", "secret", "changed");
        assertEquals(ErrorCode.ERROR_TOKEN, refusal(() -> service.login(new TimAuth().setToken(Long.toString(before)), HOME)));
        long after = service.issueToken(auth("alice", "changed"), HOME);
        assertEquals("n:alice@null", service.login(new TimAuth().setToken(Long.toString(after)), HOME).getNode());
    }

    @Test
    void anAddressThatFailedTooOftenIsRefusedWithoutAPasswordCheckEvenWithTheRightPassword() {
        quotas.budget = 3;
        for (int i = 0; i < 3; i++) {
            assertEquals(ErrorCode.PERMISSION_DENIED, refusal(() -> service.login(auth("alice", "wrong"), HOME)));
        }
        passwords.checks = 0;
        assertEquals(ErrorCode.FREQ_OUT_OF_LIMIT, refusal(() -> service.login(auth("alice", "secret"), HOME)));
        assertEquals(ErrorCode.FREQ_OUT_OF_LIMIT, refusal(() -> service.issueToken(auth("alice", "secret"), HOME)));
        assertEquals(ErrorCode.FREQ_OUT_OF_LIMIT, refusal(() -> service.login(new TimAuth().setToken("12345"), HOME)));
        assertEquals(0, passwords.checks, "no bcrypt time for a refused address");
        // The three failures also spent the account's budget (3 here), so alice is held up from elsewhere too.
        assertEquals(ErrorCode.FREQ_OUT_OF_LIMIT, refusal(() -> service.login(auth("alice", "secret"), "198.51.100.7")));
        service.register(auth("bob", "pw"), null);
        assertEquals(ErrorCode.FREQ_OUT_OF_LIMIT, refusal(() -> service.login(auth("bob", "pw"), HOME)), "the address is");
    }

    @Test
    void guessesAtOneAccountFromManyAddressesAreRefusedOnceTheAccountsBudgetIsSpent() {
        quotas.budget = 3;
        for (int i = 0; i < 3; i++) {
            String from = "198.51.100." + i;
            assertEquals(ErrorCode.PERMISSION_DENIED, refusal(() -> service.login(auth("alice", "wrong"), from)));
        }
        assertEquals(ErrorCode.FREQ_OUT_OF_LIMIT, refusal(() -> service.login(auth("alice", "secret"), "198.51.100.9")));
        service.register(auth("bob", "pw"), null);
        assertEquals("n:bob@null", service.login(auth("bob", "pw"), "198.51.100.9").getNode(), "other accounts go on");
        assertEquals(ErrorCode.FREQ_OUT_OF_LIMIT,
                refusal(() -> service.changePassword("n:alice@null", "secret", "new")), "nor through a session");
    }

    @Test
    void tokenGuessesCountAgainstTheAddress() {
        quotas.budget = 2;
        assertEquals(ErrorCode.ERROR_TOKEN, refusal(() -> service.login(new TimAuth().setToken("111"), HOME)));
        assertEquals(ErrorCode.ERROR_TOKEN, refusal(() -> service.login(new TimAuth().setToken("222"), HOME)));
        long real = service.issueToken(auth("alice", "secret"), "198.51.100.1");
        assertEquals(ErrorCode.FREQ_OUT_OF_LIMIT,
                refusal(() -> service.login(new TimAuth().setToken(Long.toString(real)), HOME)));
        assertEquals("n:alice@null", service.login(new TimAuth().setToken(Long.toString(real)), "198.51.100.1").getNode(),
                "the refused attempt did not consume the token");
    }

    @Test
    void registrationsPerAddressAreCountedSuccessfulOrNot() {
        quotas.budget = 2;
        service.register(auth("r1", "pw"), HOME);
        assertEquals(ErrorCode.HAS_EXIST, refusal(() -> service.register(auth("r1", "pw"), HOME)));
        assertEquals(ErrorCode.FREQ_OUT_OF_LIMIT, refusal(() -> service.register(auth("r2", "pw"), HOME)));
        assertEquals("n:r2@null", service.register(auth("r2", "pw"), "198.51.100.1"));
        assertEquals("n:r3@null", service.register(auth("r3", "pw"), null), "no address known: not limited");
    }

    @Test
    void aTokenIsBoundToTheNameItWasIssuedFor() {
        service.register(auth("bob", "pw"), HOME);
        long token = service.issueToken(auth("alice", "secret"), HOME);
        assertEquals(ErrorCode.ERROR_TOKEN,
                refusal(() -> service.login(new TimAuth().setName("bob").setToken(Long.toString(token)), HOME)));
        assertTrue(tokens.entries.isEmpty(), "consumed by the failed use");
    }
}
