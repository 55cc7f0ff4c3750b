package org.parley.application;

/** Where operators' changes are written down: who did what to which account, room or setting, and when. */
public interface AuditTrail {

    /**
     * @param operator who did it (an operator's name from the realm, or a named API token)
     * @param action   what was done, e.g. {@code account.ban}
     * @param target   what it was done to (a node), or null
     * @param detail   the operation's own arguments worth keeping (never a password), or null
     */
    void record(String operator, String action, String target, String detail);
}
