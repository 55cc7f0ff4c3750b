package org.parley.application;

import jakarta.ejb.EJBException;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;
import org.parley.domain.AccountStore;
import org.parley.domain.EpochNanos;
import org.parley.domain.MessageKind;
import org.parley.domain.NodeFormat;
import org.parley.domain.Relation;
import org.parley.domain.RelationStore;
import org.parley.protocol.ErrorCode;
import org.parley.protocol.Tid;
import org.parley.protocol.TimMessage;

/**
 * Rosters and blocking (BUSINESS 41, rtypes 1, 4, 6, 7, 18; wire spec §5.10), and the answer to "may these two
 * users talk" for messaging and presence. Every change is one transition of the pair's relation in one shard
 * transaction; the other party hears of it through a notice (§5.16) that waits in its offline queue until a device
 * acknowledged it.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED) // each store call is its own shard transaction
public class RosterService {

    public static final int ROSTER = 1;
    public static final int ADD_ROSTER = 4;
    public static final int REMOVE_ROSTER = 6;
    public static final int BLOCK_ROSTER = 7;
    public static final int BLOCK_ROSTER_LIST = 18;

    /** bnType of the notices (§5.16). */
    static final int NOTICE_REQUEST = 4;
    static final int NOTICE_FRIEND = 5;
    static final int NOTICE_REMOVED = 6;
    static final int NOTICE_BLOCKED = 7;

    /** A pair's first change can lose the race to create its row; it is then simply retried. */
    private static final int CHANGE_ATTEMPTS = 3;

    @Inject
    AccountStore accounts;

    @Inject
    RelationStore relations;

    @Inject
    DeliveryService delivery;

    @Inject
    Settings config;

    /** ROSTER: the user's friends. */
    public List<String> friends(String user) {
        return relations.friendsOf(user);
    }

    /** BLOCKROSTERLIST: the users this user has blocked. */
    public List<String> blocked(String user) {
        return relations.blockedBy(user);
    }

    /** What two different users are to each other. */
    public Relation relation(String userA, String userB) {
        return relations.find(userA, userB);
    }

    /**
     * Whether {@code sender} may send 1:1 messages (of any kind) to {@code recipient}: never while either blocked
     * the other, and only between friends unless {@code parley.message.require-friendship} is off.
     */
    public boolean mayMessage(String sender, String recipient) {
        if (sender.equals(recipient)) {
            return !config.requireFriendship(); // nobody is their own friend, as in tim
        }
        Relation r = relations.find(sender, recipient);
        return !r.blockedEitherWay() && (r.friends() || !config.requireFriendship());
    }

    /** Whether {@code viewer} may see {@code subject}'s presence: their own, or a friend's that neither blocked. */
    /** Whether neither of two users blocked the other. */
    public boolean unblocked(String a, String b) {
        return a.equals(b) || !relations.find(a, b).blockedEitherWay();
    }

    public boolean canSeePresence(String viewer, String subject) {
        if (viewer.equals(subject)) {
            return true;
        }
        Relation r = relations.find(viewer, subject);
        return r.friends() && !r.blockedEitherWay();
    }

    /**
     * ADDROSTER: asks {@code target} for friendship, or accepts their pending request. Success is silent towards
     * the requester (tim sends no ack); the target gets notice 4 (request) or 5 (now friends).
     */
    public void add(Tid me, String target, String greeting) {
        if (target == null || greeting == null) {
            throw new TimFailure(ErrorCode.PARAMETER_INCORRECT);
        }
        String self = me.getNode();
        requireOtherUser(self, target);
        RelationStore.Change change = change(self, target, r -> {
            // tim refuses only "the target blocked me"; a block of mine must be lifted first (RMROSTER), so a
            // block stays a block until its author explicitly ends it.
            if (r.blockedEitherWay()) {
                throw new TimFailure(ErrorCode.BLOCKED_OBJECT);
            }
            return r.friends() ? r : r.requestedBy(self);
        });
        if (change.before().friends()) {
            // As tim: the repeated add is refused, but the target is reminded that we are friends.
            notify(target, NOTICE_FRIEND, me, greeting);
            throw new TimFailure(ErrorCode.REPETITIVE_OPERATION);
        }
        // A repeated request while pending changes nothing but reminds the target again, as in tim.
        notify(target, change.after().friends() ? NOTICE_FRIEND : NOTICE_REQUEST, me, greeting);
    }

    /**
     * RMROSTER: ends the friendship or a pending request either way, and lifts my block on the target. The target
     * is told (notice 6) unless they have blocked me, in which case they do not care what I do.
     */
    public void remove(Tid me, String target) {
        if (target == null) {
            throw new TimFailure(ErrorCode.PARAMETER_INCORRECT);
        }
        if (!NodeFormat.isValid(target)) {
            throw new TimFailure(ErrorCode.ACCOUNT_INCORRECT);
        }
        String self = me.getNode();
        if (self.equals(target)) {
            throw new TimFailure(ErrorCode.PARAMETER_INCORRECT); // no relation with oneself
        }
        RelationStore.Change change = change(self, target, r -> {
            if (r.isEmpty()) {
                throw new TimFailure(ErrorCode.PARAMETER_INCORRECT); // tim: no relation at all
            }
            return r.removedBy(self);
        });
        if (!change.before().blocked(target)) {
            notify(target, NOTICE_REMOVED, me, null);
        }
    }

    /**
     * BLOCKROSTER: ends friendship and requests both ways and puts the target on my block list. The target gets
     * notice 7 when the block is new. (tim v2 inverts this condition and tells only users who had no relation
     * before, a quirk: §5.10. Telling on every new block and never on a repeated one is what the notice is for.)
     */
    public void block(Tid me, String target) {
        if (target == null) {
            throw new TimFailure(ErrorCode.PARAMETER_INCORRECT);
        }
        String self = me.getNode();
        requireOtherUser(self, target);
        RelationStore.Change change = change(self, target, r -> r.blockedBy(self));
        if (!change.before().blocked(self)) {
            notify(target, NOTICE_BLOCKED, me, null);
        }
    }

    /** The target is a well-formed node, not me, and a registered user. */
    private void requireOtherUser(String self, String target) {
        if (!NodeFormat.isValid(target)) {
            throw new TimFailure(ErrorCode.ACCOUNT_INCORRECT);
        }
        if (self.equals(target)) {
            throw new TimFailure(ErrorCode.PERMISSION_DENIED);
        }
        if (!accounts.exists(target)) {
            throw new TimFailure(ErrorCode.ACCOUNT_INCORRECT);
        }
    }

    private RelationStore.Change change(String self, String target, UnaryOperator<Relation> transition) {
        for (int attempt = 1; ; attempt++) {
            try {
                return relations.change(self, target, transition);
            } catch (EJBException e) {
                if (attempt == CHANGE_ATTEMPTS) {
                    throw new TimFailure(ErrorCode.DATABASE_ERROR);
                }
            }
        }
    }

    /** A notice (§5.16): ack-required, queued until a device of the recipient acknowledged it. */
    private void notify(String recipient, int bnType, Tid actor, String text) {
        TimMessage notice = new TimMessage()
                .setMsType((byte) MessageKind.MS_USER)
                .setOdType((byte) MessageKind.BUSINESS)
                .setBnType(bnType)
                .setId(ThreadLocalRandom.current().nextLong())
                .setTimestamp(EpochNanos.now())
                .setFromTid(actor.copy())
                .setToTid(new Tid(recipient))
                .setDataString(text);
        delivery.pushQueued(recipient, notice);
    }
}
