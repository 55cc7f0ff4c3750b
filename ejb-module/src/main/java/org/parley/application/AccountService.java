package org.parley.application;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.Optional;
import org.parley.domain.Account;
import org.parley.domain.AccountStore;
import org.parley.domain.EpochNanos;
import org.parley.domain.WellFormedText;
import org.parley.protocol.ErrorCode;
import org.parley.protocol.Tid;
import org.parley.protocol.TimAuth;

/**
 * Registration, login tokens and login (REGISTER 14 and TOKEN 15 over /tim2, AUTH 16 over the socket), and password
 * changes (BUSINESS 41 rtype 21).
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED) // each store call is its own shard transaction
public class AccountService {

    /** BUSINESS rtype of a password change (MODIFYAUTH). */
    public static final int MODIFY_AUTH = 21;

    @Inject
    AccountStore accounts;

    @Inject
    AccountIdentity identity;

    @Inject
    PasswordHashing passwords;

    @Inject
    TokenStore tokens;

    @Inject
    Settings config;

    @Inject
    Quotas quotas;

    /**
     * @param address the client's address, for the registrations-per-address limit (null when not known)
     * @return the new user's node
     */
    public String register(TimAuth auth, String address) {
        if (address != null && !quotas.take(Quota.REGISTRATIONS_PER_ADDRESS, address)) {
            throw new TimFailure(ErrorCode.FREQ_OUT_OF_LIMIT);
        }
        // Text that collapses into other text ('\ud800abc' and '?abc') would make two names or passwords one.
        if (!WellFormedText.isWellFormed(auth.getName()) || !WellFormedText.isWellFormed(auth.getPwd())) {
            throw new TimFailure(ErrorCode.PARAMETER_INCORRECT);
        }
        String node = identity.nodeOf(auth.getName(), auth.getDomain());
        if (!accounts.create(new Account(node, passwords.hash(auth.getPwd()), EpochNanos.now()))) {
            throw new TimFailure(ErrorCode.HAS_EXIST);
        }
        return node;
    }

    /**
     * Issues a single-use token for name and password. The token is a number, sent as text in {@code n} and as
     * the number itself in {@code t}, so atim and timgo (which read {@code t}) and timjs (which reads {@code n})
     * all find it.
     */
    public long issueToken(TimAuth auth, String address) {
        Account account = verifiedAccount(auth, address).orElseThrow(() -> new TimFailure(ErrorCode.NO_PASS));
        if (account.lockedAt(EpochNanos.now())) {
            // The same answer as a wrong password: a banned account's token request tells nothing of its password.
            throw new TimFailure(ErrorCode.NO_PASS);
        }
        long token = LoginToken.newToken();
        tokens.put(Long.toString(token), new LoginToken(account.node(), auth.getDomain(), auth.getExtend(),
                LoginToken.stampOf(account)), config.tokenTtl());
        return token;
    }

    /**
     * Checks a login by token or by password.
     *
     * @return the session's identity
     */
    public Tid login(TimAuth auth, String address) {
        Tid tid;
        if (!isBlank(auth.getToken())) {
            refuseWhileGuessing(address, null);
            // Taken before any other check: a token is consumed by its first use, even a failed one.
            LoginToken token = tokens.take(auth.getToken().trim()).orElseThrow(() -> {
                failed(address, null); // a token that was never issued, or used already: guessing, perhaps
                return new TimFailure(ErrorCode.ERROR_TOKEN);
            });
            // Bound to the requesting account whenever the client names one (timjs sends no name).
            if (!isBlank(auth.getName()) && !identity.nodeOf(auth.getName(), auth.getDomain()).equals(token.node())) {
                failed(address, null);
                throw new TimFailure(ErrorCode.ERROR_TOKEN);
            }
            Account account = accounts.find(token.node()).orElseThrow(() -> new TimFailure(ErrorCode.PERMISSION_DENIED));
            // Issued before the password changed or a ban: whoever held the old password no longer gets in with it.
            if (!LoginToken.stampOf(account).equals(token.credential())) {
                failed(address, null);
                throw new TimFailure(ErrorCode.ERROR_TOKEN);
            }
            refuseLocked(account);
            tid = new Tid(token.node()).setDomain(token.domain()).setExtend(token.extend());
        } else {
            Account account = verifiedAccount(auth, address).orElseThrow(() -> new TimFailure(ErrorCode.PERMISSION_DENIED));
            refuseLocked(account);
            tid = new Tid(account.node()).setDomain(auth.getDomain()).setExtend(auth.getExtend());
        }
        return tid.setResource(auth.getResource()).setTermtyp(auth.getTermtyp());
    }

    /**
     * MODIFYAUTH: replaces the user's password after checking the old one. Sessions already logged in stay so,
     * as in tim.
     */
    public void changePassword(String node, String oldPassword, String newPassword) {
        if (isBlank(oldPassword) || !WellFormedText.isWellFormed(newPassword)) {
            throw new TimFailure(ErrorCode.MODIFY_PASSWORD_FAILED);
        }
        // tim names the request in the refusal (t=21) when the old password is wrong.
        TimFailure refused = new TimFailure(ErrorCode.MODIFY_PASSWORD_FAILED, (long) MODIFY_AUTH, null, null);
        Account account = accounts.find(node).orElseThrow(() -> refused);
        // A session in other hands must not be a way to guess the password: the account's failure budget applies.
        refuseWhileGuessing(null, node);
        if (!passwords.matches(oldPassword, account.passwordHash())) {
            failed(null, node);
            throw refused;
        }
        if (!accounts.updatePasswordHash(node, account.passwordHash(), passwords.hash(newPassword))) {
            throw refused; // changed by another session meanwhile: the old password checked here is no longer it
        }
    }

    /**
     * The account of name and password, if the password is its own. Every refusal that gets as far as a password
     * costs one hash check, so a wrong password for an existing name and any password for an unknown one take the
     * same time; malformed text, which no account can have, is refused the same way.
     */
    private Optional<Account> verifiedAccount(TimAuth auth, String address) {
        if (isBlank(auth.getName()) || isBlank(auth.getPwd())) {
            return Optional.empty();
        }
        boolean wellFormed = WellFormedText.isWellFormed(auth.getName()) && WellFormedText.isWellFormed(auth.getPwd());
        // The account limit is kept under the node (a keyed hash), so no name is stored in clear in the cluster.
        String node = wellFormed ? identity.nodeOf(auth.getName(), auth.getDomain()) : null;
        refuseWhileGuessing(address, node);
        Optional<Account> account = node == null ? Optional.empty() : accounts.find(node);
        if (account.isEmpty()) {
            passwords.matchesNone(auth.getPwd());
        }
        Optional<Account> verified = account.filter(a -> passwords.matches(auth.getPwd(), a.passwordHash()));
        if (verified.isEmpty()) {
            failed(address, node);
        }
        return verified;
    }

    /**
     * Refuses, before any password is checked, an attempt from an address or on an account that failed too often
     * lately: guessing stops there, and costs no bcrypt time. Refused with 5105, which says so, whatever the
     * password: a right one gets in again once the budget has refilled.
     */
    private void refuseWhileGuessing(String address, String node) {
        if ((address != null && quotas.exhausted(Quota.AUTH_FAILURES_PER_ADDRESS, address))
                || (node != null && quotas.exhausted(Quota.AUTH_FAILURES_PER_ACCOUNT, node))) {
            throw new TimFailure(ErrorCode.FREQ_OUT_OF_LIMIT);
        }
    }

    /** A banned or deactivated account does not log in, whatever the credentials (tim answers 4105 too). */
    private static void refuseLocked(Account account) {
        if (account.lockedAt(EpochNanos.now())) {
            throw new TimFailure(ErrorCode.PERMISSION_DENIED);
        }
    }

    private void failed(String address, String node) {
        if (address != null) {
            quotas.take(Quota.AUTH_FAILURES_PER_ADDRESS, address);
        }
        if (node != null) {
            quotas.take(Quota.AUTH_FAILURES_PER_ACCOUNT, node);
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isEmpty();
    }
}
