package org.parley.infrastructure.delivery;

import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/** tim's delivery rule for a fan-out: delivered as soon as any target acknowledged, undelivered once all said no. */
final class Acknowledgements {

    private Acknowledgements() {
    }

    static CompletionStage<Boolean> any(Collection<? extends CompletionStage<Boolean>> attempts) {
        if (attempts.isEmpty()) {
            return CompletableFuture.completedFuture(false);
        }
        CompletableFuture<Boolean> any = new CompletableFuture<>();
        AtomicInteger outstanding = new AtomicInteger(attempts.size());
        for (CompletionStage<Boolean> attempt : attempts) {
            attempt.whenComplete((acked, error) -> {
                if (Boolean.TRUE.equals(acked)) {
                    any.complete(true);
                } else if (outstanding.decrementAndGet() == 0) {
                    any.complete(false);
                }
            });
        }
        return any;
    }
}
