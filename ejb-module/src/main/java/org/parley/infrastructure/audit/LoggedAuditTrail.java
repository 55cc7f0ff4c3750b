package org.parley.infrastructure.audit;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.parley.application.AuditTrail;

/**
 * Writes each change as one INFO line, {@code operator=… action=… target=… detail=…}, under its own logger so an
 * operator can route or keep it apart from the rest of the log. Control characters in the values are replaced, so
 * a value cannot forge a line of its own.
 */
@ApplicationScoped
public class LoggedAuditTrail implements AuditTrail {

    static final String LOGGER = "parley.audit";

    private static final Logger LOG = Logger.getLogger(LOGGER);

    @Override
    public void record(String operator, String action, String target, String detail) {
        LOG.log(Level.INFO, line(operator, action, target, detail));
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
        return value == null ? "-" : value.replaceAll("\\p{Cntrl}", "?");
    }
}
