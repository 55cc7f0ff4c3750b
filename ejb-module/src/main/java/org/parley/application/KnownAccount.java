package org.parley.application;

import org.parley.domain.AccountStore;

/** The operators' check that a node they name is a registered account: 404 (missing) otherwise. */
final class KnownAccount {

    private KnownAccount() {
    }

    /** @return {@code node}, once it is known to be an account */
    static String require(AccountStore accounts, String node) {
        if (node == null || !accounts.exists(node)) {
            throw OperationRefused.missing("no account " + node);
        }
        return node;
    }
}
