package org.parley.interfaces.rest;

import java.security.Principal;
import java.util.Set;

/**
 * Who is calling the REST API: an operator of the server's realm, or a named API token, with the roles it holds.
 *
 * @param name  the realm user's name, or the token's name
 * @param roles {@link #ADMIN} and/or {@link #AUDITOR}
 */
public record Operator(String name, Set<String> roles) implements Principal {

    /** May do everything the API offers. */
    public static final String ADMIN = "parley-admin";

    /** May read everything an admin may read, and change nothing. */
    public static final String AUDITOR = "parley-auditor";

    @Override
    public String getName() {
        return name;
    }
}
