package org.parley.infrastructure.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BudgetTest {

    @Test
    void usesPerPeriod() {
        assertEquals(Optional.of(new Budget(20, Duration.ofMinutes(5))), Budget.parse("20/PT5M"));
        assertEquals(Optional.of(new Budget(3, Duration.ofSeconds(30))), Budget.parse(" 3 / 30 "));
    }

    @Test
    void zeroIsNoLimit() {
        assertEquals(Optional.empty(), Budget.parse("0"));
        assertEquals(Optional.empty(), Budget.parse("0/PT1M"));
    }

    @Test
    void anythingElseIsAConfigurationError() {
        for (String bad : new String[] {"20", "-1/PT1M", "5/PT0S", "x/PT1M", "5/soon"}) {
            assertThrows(RuntimeException.class, () -> Budget.parse(bad), bad);
        }
    }
}
