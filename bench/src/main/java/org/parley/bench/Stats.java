package org.parley.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Percentiles of one run, and the median of runs. */
final class Stats {

    private Stats() {
    }

    static double percentile(List<Double> values, double p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    static double median(List<Double> values) {
        return percentile(values, 50);
    }

    /** The machine's 1-minute load average (other work on a shared machine shows here), or "?". */
    static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException | RuntimeException e) {
            return "?";
        }
    }
}
