package org.parley.application;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.parley.domain.Account;
import org.parley.domain.AccountStore;
import org.parley.domain.DeviceRecord;
import org.parley.domain.EpochNanos;
import org.parley.domain.WellFormedText;

/**
 * What an operator does to accounts through the admin API: create them (with or without a Parley password, for
 * accounts of an external account system), look them up, ban and unban them (tim's system block), deactivate them,
 * set their password, and issue login tokens for them. Every change is written to the {@link AuditTrail} under the
 * operator's name. Authorization is the caller's (the REST layer admits operators only).
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED) // each store call is its own shard transaction
public class AccountAdministration {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    AccountStore accounts;

    @Inject
    AccountIdentity identity;

    @Inject
    PasswordHashing passwords;

    @Inject
    TokenStore tokens;

    @Inject
    Settings settings;

    @Inject
    SessionDirectory sessions;

    @Inject
    Delivery delivery;

    @Inject
    AuditTrail audit;

    /**
     * An account as an operator sees it.
     *
     * @param bannedUntil when the ban ends; null when not banned or banned until lifted
     * @param deactivated when it was deactivated; null while active
     */
    public record AccountView(String node, Instant created, boolean banned, Instant bannedUntil, Instant deactivated,
                              List<DeviceRecord> devices) {
    }

    /** A login token issued for an account: it logs in once, until {@code expiresAt}. */
    public record IssuedToken(long token, String node, Instant expiresAt) {
    }

    /**
     * Registers an account. Without a password the account can only log in with tokens from {@link #issueToken}:
     * its stored hash is of a random secret nobody knows.
     *
     * @return the account's node
     */
    public String create(String operator, String name, String domain, String password) {
        requireText("name", name);
        if (password != null) {
            requireText("password", password);
        }
        String node = identity.nodeOf(name, domain);
        String hash = passwords.hash(password != null ? password : unguessableSecret());
        if (!accounts.create(new Account(node, hash, EpochNanos.now()))) {
            throw new OperationRefused("an account of that name and domain exists already: " + node, true);
        }
        audit.record(operator, "account.create", node, password == null ? "without password" : null);
        return node;
    }

    public AccountView describe(String node) {
        Account a = existing(node);
        boolean banned = a.bannedUntil() > EpochNanos.now();
        return new AccountView(a.node(), instant(a.createdAt()), banned,
                banned && a.bannedUntil() != Account.FOREVER ? instant(a.bannedUntil()) : null,
                a.deactivatedAt() == 0 ? null : instant(a.deactivatedAt()), sessions.devicesOf(node));
    }

    /**
     * Bans the account (tim's system block): logins and unused tokens are refused until the ban ends, and every
     * device it has online is told it is logged out (TimAck timType 20) and closed.
     *
     * @param duration how long; null for no end
     * @return when the ban ends, null for never
     */
    public Instant ban(String operator, String node, Duration duration) {
        existing(node);
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            throw new OperationRefused("a ban lasts a positive duration, or has none to last until lifted", false);
        }
        long until = duration == null ? Account.FOREVER : saturatedAdd(EpochNanos.now(), duration);
        accounts.updateBannedUntil(node, until);
        kickAll(node);
        audit.record(operator, "account.ban", node, duration == null ? "until lifted" : "for " + duration);
        return until == Account.FOREVER ? null : instant(until);
    }

    /** Lifts a ban; tokens issued before it stay refused. */
    public void unban(String operator, String node) {
        Account a = existing(node);
        // Ended now rather than cleared: the account's stamp differs from before the ban, so tokens issued before it
        // do not come back to life.
        accounts.updateBannedUntil(node, Math.min(a.bannedUntil(), EpochNanos.now()));
        audit.record(operator, "account.unban", node, null);
    }

    /**
     * Deactivates the account for good: it never logs in again, its devices are logged out, and its name stays
     * taken, so nobody else registers as it. Its messages and relations stay (for history exports).
     */
    public void deactivate(String operator, String node) {
        existing(node);
        accounts.deactivate(node, EpochNanos.now()); // false when it was already: nothing to change
        kickAll(node);
        audit.record(operator, "account.deactivate", node, null);
    }

    /** Sets a new password without the old one; tokens issued before it are refused, sessions stay (as MODIFYAUTH). */
    public void setPassword(String operator, String node, String password) {
        requireText("password", password);
        Account a = existing(node);
        if (!accounts.updatePasswordHash(node, a.passwordHash(), passwords.hash(password))) {
            throw new OperationRefused("the password changed meanwhile; try again", true);
        }
        audit.record(operator, "account.password", node, null);
    }

    /**
     * A login token for an account, as /tim2's TOKEN gives one for name and password: an enterprise's own sign-in
     * hands it to its client, which logs in with it. With {@code createMissing}, an account named but not registered
     * yet is created first, without a password.
     */
    public IssuedToken issueToken(String operator, String name, String domain, String node, boolean createMissing) {
        if ((node == null) == (name == null)) {
            throw new OperationRefused("name a user by name (and domain) or by node, not both", false);
        }
        String target = node;
        if (name != null) {
            requireText("name", name);
            target = identity.nodeOf(name, domain);
            if (createMissing && accounts.create(new Account(target, passwords.hash(unguessableSecret()), EpochNanos.now()))) {
                audit.record(operator, "account.create", target, "on first token");
            }
        }
        Account a = existing(target);
        if (a.lockedAt(EpochNanos.now())) {
            throw new OperationRefused("the account is banned or deactivated", true);
        }
        long token = LoginToken.newToken();
        Duration ttl = settings.tokenTtl();
        tokens.put(Long.toString(token), new LoginToken(a.node(), domain, null, LoginToken.stampOf(a)), ttl);
        audit.record(operator, "token.issue", a.node(), null);
        return new IssuedToken(token, a.node(), Instant.now().plus(ttl));
    }

    private Account existing(String node) {
        if (node == null || node.isEmpty()) {
            throw new OperationRefused("no account named", false);
        }
        return accounts.find(node).orElseThrow(() -> OperationRefused.missing("no account " + node));
    }

    private void kickAll(String node) {
        for (DeviceRecord device : sessions.devicesOf(node)) {
            delivery.kick(node, device);
        }
    }

    private static void requireText(String what, String value) {
        if (value == null || value.isEmpty() || !WellFormedText.isWellFormed(value)) {
            throw new OperationRefused(what + " must be non-empty, well-formed text", false);
        }
    }

    private static String unguessableSecret() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return Base64.getEncoder().encodeToString(secret);
    }

    private static long saturatedAdd(long nanos, Duration d) {
        try {
            return Math.addExact(nanos, d.toNanos());
        } catch (ArithmeticException e) {
            return Account.FOREVER;
        }
    }

    private static Instant instant(long nanos) {
        return Instant.ofEpochSecond(0, nanos);
    }
}
