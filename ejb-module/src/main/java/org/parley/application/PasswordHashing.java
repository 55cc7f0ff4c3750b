package org.parley.application;

/** Slow, salted password hashing. */
public interface PasswordHashing {

    String hash(String password);

    boolean matches(String password, String hash);

    /**
     * Costs what {@link #matches} costs and matches nothing: called for a name that has no account, so that the
     * time of a refusal does not tell whether the name exists.
     */
    void matchesNone(String password);
}
