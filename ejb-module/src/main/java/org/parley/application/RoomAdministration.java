package org.parley.application;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.parley.domain.AccountStore;
import org.parley.domain.Membership;
import org.parley.domain.Room;
import org.parley.domain.RoomStore;

/** What an operator reads about rooms and rosters: a room with its members, a user's friends and blocks. */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class RoomAdministration {

    @Inject
    RoomStore rooms;

    @Inject
    AccountStore accounts;

    @Inject
    RosterService roster;

    /** A room as an operator sees it; {@code open}: anyone may join without approval. */
    public record RoomView(String node, String founder, boolean open, Instant created, boolean cancelled,
                           List<String> members, List<String> managers, List<String> blocked) {
    }

    /** A user's friends and the users they blocked, and the rooms they are in. */
    public record RosterView(String node, List<String> friends, List<String> blocked, List<String> rooms) {
    }

    public RoomView room(String node) {
        Room r = (node == null ? Optional.<Room>empty() : rooms.find(node))
                .orElseThrow(() -> OperationRefused.missing("no room " + node));
        Instant created = Instant.ofEpochSecond(0, r.createdAt());
        return new RoomView(r.node(), r.founder(), !r.isPrivate(), created, r.cancelled(),
                rooms.members(node), rooms.managers(node), rooms.blockedMembers(node));
    }

    public RosterView roster(String user) {
        KnownAccount.require(accounts, user);
        return new RosterView(user, roster.friends(user), roster.blocked(user),
                rooms.roomsOf(user).stream().filter(Membership::isMember).map(Membership::room).toList());
    }
}
