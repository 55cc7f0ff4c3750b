package org.parley.infrastructure.audit;

import com.hazelcast.ringbuffer.Ringbuffer;
import com.hazelcast.ringbuffer.StaleSequenceException;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.parley.application.AuditTrail;
import org.parley.infrastructure.cluster.ClusterMembers;

/**
 * Writes each change twice: one INFO line, {@code operator=… action=… target=… detail=…}, under its own logger
 * ({@value #LOGGER}) for log shippers and the admin console's log viewer, and one entry in the cluster's ring buffer
 * {@value #RING} (Hazelcast's default capacity: the latest 10,000 changes, with a backup on another member), which
 * the admin API reads back from any node. Control characters in the values are replaced, so a value cannot forge a
 * line of its own.
 */
@ApplicationScoped
public class ClusterAuditTrail implements AuditTrail {

    static final String LOGGER = "parley.audit";
    static final String RING = "parley-audit";

    private static final Logger LOG = Logger.getLogger(LOGGER);

    @Inject
    ClusterMembers members;

    private Ringbuffer<String> ring;

    @PostConstruct
    void open() {
        ring = members.plainRingbuffer(RING);
    }

    @Override
    public void record(String operator, String action, String target, String detail) {
        LOG.log(Level.INFO, line(operator, action, target, detail));
        JsonObjectBuilder entry = Json.createObjectBuilder().add("at", Instant.now().toString())
                .add("operator", clean(operator)).add("action", clean(action));
        if (target != null) {
            entry.add("target", clean(target));
        }
        if (detail != null) {
            entry.add("detail", clean(detail));
        }
        ring.add(entry.build().toString());
    }

    @Override
    public List<Entry> latest(long before, int limit) {
        long newest = ring.tailSequence();
        long from = before <= 0 ? newest : Math.min(newest, before - 1);
        List<Entry> entries = new ArrayList<>();
        for (long seq = from; seq >= ring.headSequence() && seq >= 0 && entries.size() < limit; seq--) {
            try {
                JsonObject e = Json.createReader(new StringReader(ring.readOne(seq))).readObject();
                entries.add(new Entry(seq, Instant.parse(e.getString("at")), e.getString("operator"),
                        e.getString("action"), e.getString("target", null), e.getString("detail", null)));
            } catch (StaleSequenceException e) {
                break; // overwritten meanwhile: older ones are gone too
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return entries;
    }

    static String line(String operator, String action, String target, String detail) {
        StringBuilder line = new StringBuilder("operator=").append(clean(operator)).append(" action=").append(clean(action));
        if (target != null) {
            line.append(" target=").append(clean(target));
        }
        if (detail != null) {
            line.append(" detail=").append(clean(detail));
        }
        return line.toString();
    }

    private static String clean(String value) {
        return value == null ? "-" : value.replaceAll("[\\p{Cntrl}\\u0085\\u2028\\u2029]", "?");
    }
}
