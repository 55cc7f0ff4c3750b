package org.parley.infrastructure.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DeadlinesTest {

    private static final class Named extends Deadlines.Entry {
        final String name;

        Named(String name) {
            this.name = name;
        }

        @Override
        void expired() {
        }
    }

    @Test
    void hands_out_only_what_is_due_in_deadline_order() {
        Deadlines deadlines = new Deadlines(100);
        deadlines.add(new Named("a"), 0);
        deadlines.add(new Named("b"), 10);
        deadlines.add(new Named("c"), 50);

        assertTrue(deadlines.due(99).isEmpty());
        assertEquals(List.of("a", "b"), names(deadlines.due(110)));
        assertEquals(1, deadlines.size());
        assertEquals(List.of("c"), names(deadlines.due(1_000)));
        assertEquals(0, deadlines.size());
    }

    @Test
    void nano_time_wrapping_around_does_not_stop_the_sweep() {
        Deadlines deadlines = new Deadlines(100);
        deadlines.add(new Named("late"), Long.MAX_VALUE - 10); // due after the clock wraps

        assertTrue(deadlines.due(Long.MAX_VALUE).isEmpty());
        assertEquals(List.of("late"), names(deadlines.due(Long.MIN_VALUE + 100)));
    }

    private static List<String> names(List<Deadlines.Entry> entries) {
        return entries.stream().map(e -> ((Named) e).name).toList();
    }
}
