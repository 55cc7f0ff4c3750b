package org.parley.application;

import jakarta.ejb.EJBException;
import java.util.Collection;
import org.parley.domain.Message;
import org.parley.domain.MessageStore;
import org.parley.protocol.ErrorCode;

/**
 * Appending a message to history with its one retry rule: the first message of a chat can lose the race to create
 * the chat's sequence row, and is then simply appended again; a store that keeps failing is tim's database error.
 */
final class AppendRetry {

    private static final int ATTEMPTS = 3;

    private AppendRetry() {
    }

    static MessageStore.Appended append(MessageStore messages, Message draft, Collection<String> queueFor) {
        for (int attempt = 1; ; attempt++) {
            try {
                return messages.append(draft, queueFor);
            } catch (EJBException e) {
                if (attempt == ATTEMPTS) {
                    throw new TimFailure(ErrorCode.DATABASE_ERROR);
                }
            }
        }
    }
}
