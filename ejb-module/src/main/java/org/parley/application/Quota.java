package org.parley.application;

/** What abuse limits count. Their sizes are configuration ({@code parley.limit.*}, docs/configuration.md). */
public enum Quota {

    /** Failed logins and token requests from one client address: password and token guessing from one place. */
    AUTH_FAILURES_PER_ADDRESS(true),
    /** Failed logins and token requests for one account, from anywhere: guessing spread over many addresses. */
    AUTH_FAILURES_PER_ACCOUNT(false),
    /** Registrations from one client address. */
    REGISTRATIONS_PER_ADDRESS(true);

    private final boolean perAddress;

    Quota(boolean perAddress) {
        this.perAddress = perAddress;
    }

    /** Whether the key is a client address (operators can exempt their own back ends' addresses). */
    public boolean perAddress() {
        return perAddress;
    }
}
