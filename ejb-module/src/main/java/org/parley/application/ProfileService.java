package org.parley.application;

import jakarta.ejb.EJBException;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.parley.domain.Account;
import org.parley.domain.AccountStore;
import org.parley.domain.NodeFormat;
import org.parley.domain.ProfileStore;
import org.parley.protocol.ErrorCode;
import org.parley.protocol.ThriftCodec;
import org.parley.protocol.TimNodes;
import org.parley.protocol.TimUserBean;

/**
 * User profiles (NODES 42, ntype 4 USERINFO and 6 MODIFYUSER; wire spec §5.11). A profile is kept as the encoded
 * {@link TimUserBean}, one opaque value. Anyone may read anyone's profile, as in tim; only its owner changes it.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED) // each store call is its own shard transaction
public class ProfileService {

    public static final int USER_INFO = 4;
    public static final int ROOM_INFO = 5;
    public static final int MODIFY_USER = 6;
    public static final int MODIFY_ROOM = 7;

    /** A user's first save can lose the race to create the row; it is then simply retried. */
    private static final int SAVE_ATTEMPTS = 3;

    @Inject
    AccountStore accounts;

    @Inject
    ProfileStore profiles;

    /**
     * The ntype a request without one (atim leaves it 0) most likely means (§6.2 item 6): a one-entry usermap is
     * MODIFYUSER, a one-entry roommap MODIFYROOM, a nodelist USERINFO if it names a registered user and ROOMINFO
     * otherwise; 0 when nothing fits.
     */
    public int inferredType(TimNodes req) {
        if (req.getUsermap() != null && req.getUsermap().size() == 1) {
            return MODIFY_USER;
        }
        if (req.getRoommap() != null && req.getRoommap().size() == 1) {
            return MODIFY_ROOM;
        }
        List<String> nodes = req.getNodelist();
        if (nodes != null && !nodes.isEmpty()) {
            boolean names = nodes.stream().anyMatch(n -> NodeFormat.isValid(n) && accounts.exists(n));
            return names ? USER_INFO : ROOM_INFO;
        }
        return 0;
    }

    /**
     * USERINFO: the saved profiles of the listed users, with {@code createtime} their registration time.
     *
     * @return empty when none of them saved a profile (tim then sends no frame at all)
     */
    public Optional<TimNodes> userInfo(TimNodes req) {
        List<String> nodes = req.getNodelist();
        if (nodes == null || nodes.isEmpty()) {
            throw new TimFailure(ErrorCode.PARAMETER_INCORRECT);
        }
        // Malformed nodes cannot have a profile; they are skipped like unknown ones.
        List<String> wanted = nodes.stream().filter(NodeFormat::isValid).distinct().toList();
        Map<String, TimUserBean> found = new LinkedHashMap<>();
        profiles.findAll(wanted).forEach((node, payload) -> found.put(node, decode(payload)));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        // tim echoes the whole request back (any node or roommap too); only what was asked for is sent here.
        return Optional.of(new TimNodes().setNtype(USER_INFO).setUsermap(found));
    }

    /**
     * MODIFYUSER: the fields present in the one bean of {@code usermap} replace the caller's stored ones (lists
     * and maps whole). The map key is ignored: a user only ever changes their own profile.
     */
    public void modify(String user, TimNodes req) {
        Map<String, TimUserBean> map = req.getUsermap();
        if (map == null || map.size() != 1 || map.values().iterator().next() == null) {
            throw new TimFailure(ErrorCode.PARAMETER_INCORRECT);
        }
        TimUserBean change = map.values().iterator().next();
        long registered = accounts.find(user).map(Account::createdAt)
                .orElseThrow(() -> new TimFailure(ErrorCode.ACCOUNT_INCORRECT));
        for (int attempt = 1; ; attempt++) {
            try {
                profiles.update(user, current -> ThriftCodec.INSTANCE.encode(
                        merged(current == null ? new TimUserBean() : decode(current), change).setCreatetime(registered)));
                return;
            } catch (EJBException e) {
                if (attempt == SAVE_ATTEMPTS) {
                    throw new TimFailure(ErrorCode.DATABASE_ERROR);
                }
            }
        }
    }

    private static TimUserBean merged(TimUserBean stored, TimUserBean change) {
        if (change.getName() != null) {
            stored.setName(change.getName());
        }
        if (change.getNickName() != null) {
            stored.setNickName(change.getNickName());
        }
        if (change.getBrithday() != null) {
            stored.setBrithday(change.getBrithday());
        }
        if (change.getGender() != null) {
            stored.setGender(change.getGender());
        }
        if (change.getCover() != null) {
            stored.setCover(change.getCover());
        }
        if (change.getArea() != null) {
            stored.setArea(change.getArea());
        }
        if (change.getPhotoTidAlbum() != null) {
            stored.setPhotoTidAlbum(change.getPhotoTidAlbum());
        }
        if (change.getExtend() != null) {
            stored.setExtend(change.getExtend());
        }
        if (change.getExtra() != null) {
            stored.setExtra(change.getExtra());
        }
        return stored;
    }

    private static TimUserBean decode(byte[] payload) {
        return ThriftCodec.INSTANCE.decode(payload, 0, payload.length, TimUserBean.class);
    }
}
