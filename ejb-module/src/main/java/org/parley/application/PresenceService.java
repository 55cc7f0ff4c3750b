package org.parley.application;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.parley.domain.AccountStore;
import org.parley.domain.NodeFormat;
import org.parley.protocol.ErrorCode;
import org.parley.protocol.Tid;
import org.parley.protocol.TimPresence;

/**
 * Presence (PRESENCE 91, BROADPRESENCE 19 and the automatic offline presence; wire spec §5.13): relayed only,
 * never stored or queued, to the recipients' devices that are online now, on any node. {@code show},
 * {@code status}, {@code subStatus}, {@code extend} and {@code extra} travel as the client sent them.
 *
 * <p>Who receives it: unlike tim, which relays PRESENCE to anyone, only users allowed to see the sender's presence
 * ({@link RosterService#canSeePresence}: friends that neither side blocked). Others are skipped silently, so a
 * presence cannot be used to probe relations. With {@code parley.presence.policy=tim}, a presence addressed to users
 * by name reaches them unless one of the two blocked the other, as tim's clients expect.
 *
 * <p>Invisible: a presence whose {@code status} is {@code parley.presence.invisible-status} ("invisible") makes its
 * sender invisible, and a later BROADPRESENCE with any other status visible again. While invisible, everything the
 * user's devices send as presence goes out as an offline presence ({@code offline=true}, nothing else), so friends
 * see the user offline while the user goes on messaging. Forgotten when the user's last device goes.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class PresenceService {

    @Inject
    AccountStore accounts;

    @Inject
    RosterService relations;

    @Inject
    Delivery delivery;

    @Inject
    InvisibleUsers invisible;

    @Inject
    Settings config;

    /** PRESENCE (91) to {@code toTid}, or to {@code toList} when that is not empty; every target must exist. */
    public void presence(Tid me, TimPresence request) {
        List<String> targets = new ArrayList<>();
        if (request.getToList() != null && !request.getToList().isEmpty()) {
            targets.addAll(request.getToList());
        } else if (request.getToTid() != null) {
            targets.add(request.getToTid().getNode());
        }
        if (targets.isEmpty()) {
            throw new TimFailure(ErrorCode.ACCOUNT_INCORRECT);
        }
        for (String target : targets) {
            if (!NodeFormat.isValid(target) || !accounts.exists(target)) {
                throw new TimFailure(ErrorCode.ACCOUNT_INCORRECT);
            }
        }
        TimPresence out = relayed(me, request);
        if (out.getId() == null) {
            out.setId(ThreadLocalRandom.current().nextLong());
        }
        deliver(me, targets, out, false, true);
    }

    /**
     * BROADPRESENCE (19): to every friend; or, as tim does, to {@code toTid} (like PRESENCE, with an id) or only to
     * {@code toList} (without an id) when the client names targets.
     */
    public void broadcast(Tid me, TimPresence request) {
        TimPresence out = relayed(me, request);
        List<String> targets = new ArrayList<>();
        boolean named = true;
        if (request.getToTid() != null && request.getToTid().getNode() != null) {
            targets.add(request.getToTid().getNode());
            if (out.getId() == null) {
                out.setId(ThreadLocalRandom.current().nextLong());
            }
        } else {
            out.setId(null);
            if (request.getToList() != null && !request.getToList().isEmpty()) {
                targets.addAll(request.getToList());
            } else {
                targets.addAll(relations.friends(me.getNode()));
                named = false;
            }
        }
        deliver(me, targets, out, true, named);
    }

    /** The user's last device in the cluster went away: friends see them go offline (unless configured off). */
    public void wentOffline(Tid tidOfLastDevice) {
        String user = tidOfLastDevice.getNode();
        invisible.setInvisible(user, false);
        if (!config.presenceOffline()) {
            return;
        }
        List<String> audience = relations.friends(user).stream()
                .filter(friend -> relations.canSeePresence(friend, user))
                .toList();
        delivery.sendPresence(audience, offline(tidOfLastDevice));
    }

    /** @param named whether the client named the targets (the presence policy applies) or they are its friends */
    private void deliver(Tid me, List<String> targets, TimPresence out, boolean broadcast, boolean named) {
        String user = me.getNode();
        boolean wantsInvisible = config.invisibleStatus().equals(out.getStatus());
        if (wantsInvisible) {
            invisible.setInvisible(user, true);
        } else if (broadcast && invisible.isInvisible(user)) {
            invisible.setInvisible(user, false);
        }
        TimPresence sent = wantsInvisible || (!broadcast && invisible.isInvisible(user)) ? offline(me) : out;
        List<String> audience = new ArrayList<>(new LinkedHashSet<>(targets)).stream()
                .filter(NodeFormat::isValid)
                .filter(target -> !target.equals(user) && (named && config.presenceToNamedNonFriends()
                        ? relations.unblocked(target, user) : relations.canSeePresence(target, user)))
                .toList();
        delivery.sendPresence(audience, sent);
    }

    /** The sender's presence as recipients get it: from the session's Tid, never a client-made offline. */
    private static TimPresence relayed(Tid me, TimPresence request) {
        return request.copy().setFromTid(me.copy()).setToList(null).setToTid(null).setOffline(null);
    }

    private static TimPresence offline(Tid user) {
        return new TimPresence().setId(ThreadLocalRandom.current().nextLong()).setOffline(true).setFromTid(user.copy());
    }
}
