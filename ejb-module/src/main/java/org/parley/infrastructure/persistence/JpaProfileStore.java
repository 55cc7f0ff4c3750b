package org.parley.infrastructure.persistence;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.parley.application.AtRestCipher;
import org.parley.application.CipherBinding;
import org.parley.domain.EpochNanos;
import org.parley.domain.ProfileStore;
import org.parley.persistence.ProfileEntity;
import org.parley.persistence.Slots;

/**
 * Profiles in the shard of their user's node (the shard of the account too), sealed by the {@link AtRestCipher}
 * bound to that node.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class JpaProfileStore implements ProfileStore {

    @Inject
    ShardAccess shards;

    @Inject
    AtRestCipher cipher;

    @Override
    public Optional<byte[]> find(String userNode) {
        return shards.read(userNode, em -> Optional.ofNullable(
                em.find(ProfileEntity.class, userNode)).map(this::open));
    }

    @Override
    public Map<String, byte[]> findAll(Collection<String> userNodes) {
        // One query per shard rather than one lookup per node.
        Map<String, byte[]> found = new LinkedHashMap<>();
        shards.readEach(userNodes.stream().distinct().toList(), n -> n, (em, nodes) -> em
                .createQuery("SELECT p FROM ProfileEntity p WHERE p.node IN :nodes", ProfileEntity.class)
                .setParameter("nodes", nodes)
                .getResultList())
                .forEach(p -> found.put(p.getNode(), open(p)));
        return found;
    }

    @Override
    public void update(String userNode, UnaryOperator<byte[]> change) {
        shards.write(userNode, em -> {
            ProfileEntity row = em.find(ProfileEntity.class, userNode, LockModeType.PESSIMISTIC_WRITE);
            // The change sees and makes plaintext; only sealed values reach the row.
            byte[] updated = cipher.seal(change.apply(row == null ? null : open(row)), CipherBinding.profile(userNode));
            if (row == null) {
                // A concurrent first save makes this insert fail; the caller retries.
                em.persist(new ProfileEntity(Slots.of(userNode), userNode, updated, EpochNanos.now()));
            } else {
                row.replace(updated, EpochNanos.now());
            }
            em.flush();
            return null;
        });
    }

    private byte[] open(ProfileEntity row) {
        return cipher.open(row.getPayload(), CipherBinding.profile(row.getNode()));
    }
}
