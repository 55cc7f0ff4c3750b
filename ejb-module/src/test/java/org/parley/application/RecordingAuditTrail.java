package org.parley.application;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** An audit trail in a list, newest last, as the services under test wrote it. */
final class RecordingAuditTrail implements AuditTrail {

    final List<Entry> entries = new ArrayList<>();

    @Override
    public void record(String operator, String action, String target, String detail) {
        entries.add(new Entry(entries.size(), Instant.now(), operator, action, target, detail));
    }

    @Override
    public List<Entry> latest(long before, int limit) {
        List<Entry> newestFirst = new ArrayList<>(entries);
        java.util.Collections.reverse(newestFirst);
        return newestFirst.stream().filter(e -> before <= 0 || e.sequence() < before).limit(limit).toList();
    }

    /** "operator action target" of each entry, oldest first. */
    List<String> lines() {
        return entries.stream().map(e -> e.operator() + " " + e.action() + " " + e.target()).toList();
    }

    List<String> actions() {
        return entries.stream().map(Entry::action).toList();
    }
}
