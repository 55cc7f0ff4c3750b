package org.parley.application;

/** Slow, salted password hashing. */
public interface PasswordHashing {

    String hash(String password);

    boolean matches(String password, String hash);
}
