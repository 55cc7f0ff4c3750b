package org.parley.application;

/** Turns an account name and domain into the user's node. */
public interface AccountIdentity {

    String nodeOf(String name, String domain);
}
