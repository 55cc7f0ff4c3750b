package org.parley.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parley.domain.DeviceLimits;
import org.parley.domain.DeviceRecord;
import org.parley.protocol.ErrorCode;
import org.parley.protocol.TimAuth;

/** The operator's account rules against in-memory accounts, tokens, sessions and delivery. */
class AccountAdministrationTest {

    /** Devices per user, as the cluster's directory would list them. */
    static final class ListedSessions implements SessionDirectory {
        final Map<String, List<DeviceRecord>> devices = new HashMap<>();

        @Override
        public DeviceLimits.Admission admit(DeviceConnection device, DeviceLimits limits) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean remove(DeviceConnection device) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<DeviceRecord> devicesOf(String user) {
            return devices.getOrDefault(user, List.of());
        }

        @Override
        public List<String> usersOnline(String after, int limit) {
            return devices.keySet().stream().filter(u -> after == null || u.compareTo(after) > 0).sorted().limit(limit)
                    .toList();
        }
    }

    private final InMemoryAccountStore store = new InMemoryAccountStore();
    private final AccountServiceTest.MapTokens tokens = new AccountServiceTest.MapTokens();
    private final ListedSessions sessions = new ListedSessions();
    private final FakeDelivery delivery = new FakeDelivery();
    private final RecordingAuditTrail audit = new RecordingAuditTrail();
    private final AccountAdministration admin = new AccountAdministration();
    private final AccountService logins = new AccountService();

    @BeforeEach
    void wire() {
        AccountServiceTest.CountingPasswords passwords = new AccountServiceTest.CountingPasswords();
        AccountIdentity identity = (name, domain) -> "n:" + name + "@" + domain;
        admin.accounts = store;
        admin.identity = identity;
        admin.passwords = passwords;
        admin.tokens = tokens;
        admin.settings = TestSettings.defaults();
        admin.sessions = sessions;
        admin.delivery = delivery;
        admin.audit = audit;
        logins.accounts = store;
        logins.identity = identity;
        logins.passwords = passwords;
        logins.tokens = tokens;
        logins.config = TestSettings.defaults();
        logins.quotas = new AccountServiceTest.CountingQuotas();
    }

    private static TimAuth auth(String name, String password) {
        return new TimAuth().setName(name).setPwd(password);
    }

    private static TimAuth token(long token) {
        return new TimAuth().setToken(Long.toString(token));
    }

    private ErrorCode refusal(Runnable call) {
        return assertThrows(TimFailure.class, call::run).code();
    }

    @Test
    void aBanKicksEveryDeviceRefusesLoginsAndTokensUntilLifted() {
        String node = admin.create("ops", "alice", null, "secret");
        DeviceRecord phone = new DeviceRecord("m1", 7, 1, "phone", 1);
        DeviceRecord desk = new DeviceRecord("m2", 9, 2, "desk", 2);
        sessions.devices.put(node, List.of(phone, desk));
        long before = admin.issueToken("ops", null, null, node, false).token();

        assertNull(admin.ban("ops", node, null), "no end");

        assertEquals(List.of(new FakeDelivery.Kick(node, phone), new FakeDelivery.Kick(node, desk)),
                delivery.callsOf(FakeDelivery.Kick.class));
        assertEquals(ErrorCode.PERMISSION_DENIED, refusal(() -> logins.login(auth("alice", "secret"), null)));
        assertEquals(ErrorCode.NO_PASS, refusal(() -> logins.issueToken(auth("alice", "secret"), null)),
                "the same answer as a wrong password");
        assertThrows(OperationRefused.class, () -> admin.issueToken("ops", "alice", null, null, false));
        assertTrue(admin.describe(node).banned());

        admin.unban("ops", node);
        assertFalse(admin.describe(node).banned());
        assertEquals(ErrorCode.ERROR_TOKEN, refusal(() -> logins.login(token(before), null)),
                "a token from before the ban stays refused after it is lifted");
        assertEquals(node, logins.login(auth("alice", "secret"), null).getNode());
        assertEquals(List.of("account.create", "token.issue", "account.ban", "account.unban"),
                audit.actions());
        assertTrue(audit.entries.stream().allMatch(e -> e.operator().equals("ops")));
    }

    @Test
    void aTimedBanEndsByItself() {
        String node = admin.create("ops", "bob", null, "pw");
        Instant until = admin.ban("ops", node, Duration.ofNanos(1));
        assertNotNull(until);
        // One nanosecond later (the clock moved on while the test ran) it is over.
        assertEquals(node, logins.login(auth("bob", "pw"), null).getNode());
        assertThrows(OperationRefused.class, () -> admin.ban("ops", node, Duration.ZERO));
        assertThrows(OperationRefused.class, () -> admin.ban("ops", node, Duration.ofSeconds(-1)));
        assertNull(admin.ban("ops", node, Duration.ofSeconds(Long.MAX_VALUE)), "a huge duration saturates: no end");
        assertTrue(admin.describe(node).banned());
    }

    @Test
    void aDeactivatedAccountNeverLogsInAgainAndKeepsItsName() {
        String node = admin.create("ops", "carol", "corp", "pw");
        admin.deactivate("ops", node);
        admin.unban("ops", node);
        assertEquals(ErrorCode.PERMISSION_DENIED, refusal(() -> logins.login(auth("carol", "pw").setDomain("corp"), null)));
        assertEquals(ErrorCode.HAS_EXIST, refusal(() -> logins.register(auth("carol", "other").setDomain("corp"), null)));
        assertNotNull(admin.describe(node).deactivated());
    }

    @Test
    void anExternalAccountLogsInWithTokensOnly() {
        assertThrows(OperationRefused.class, () -> admin.issueToken("sso", "dave", null, null, false),
                "not registered and not to be created");
        AccountAdministration.IssuedToken issued = admin.issueToken("sso", "dave", null, null, true);
        assertEquals("n:dave@null", issued.node());
        assertEquals(issued.node(), logins.login(token(issued.token()), null).getNode());
        assertEquals(ErrorCode.ERROR_TOKEN, refusal(() -> logins.login(token(issued.token()), null)), "single use");
        assertEquals(ErrorCode.PERMISSION_DENIED, refusal(() -> logins.login(auth("dave", ""), null)));
        assertEquals(List.of("account.create", "token.issue"), audit.actions());
        admin.issueToken("sso", "dave", null, null, true);
        assertEquals(3, audit.entries.size(), "an existing account is not created again");
    }

    @Test
    void badRequestsAreRefusedBeforeAnythingChanges() {
        String node = admin.create("ops", "erin", null, "pw");
        OperationRefused exists = assertThrows(OperationRefused.class, () -> admin.create("ops", "erin", null, "pw2"));
        assertTrue(exists.conflict());
        assertTrue(assertThrows(OperationRefused.class, () -> admin.describe("n:nobody@null")).notFound());
        assertTrue(assertThrows(OperationRefused.class, () -> admin.ban("ops", "n:nobody@null", null)).notFound());
        assertThrows(OperationRefused.class, () -> admin.create("ops", "", null, "pw"));
        assertThrows(OperationRefused.class, () -> admin.create("ops", "x\ud800", null, "pw"));
        assertThrows(OperationRefused.class, () -> admin.setPassword("ops", node, ""));
        assertThrows(OperationRefused.class, () -> admin.issueToken("ops", "erin", null, node, false), "name or node");
        assertThrows(OperationRefused.class, () -> admin.issueToken("ops", null, null, null, false));
        assertEquals(1, audit.entries.size());
        admin.setPassword("ops", node, "new");
        assertEquals(node, logins.login(auth("erin", "new"), null).getNode());
    }
}
