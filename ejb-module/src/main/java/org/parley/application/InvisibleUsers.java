package org.parley.application;

/** The users who said they are invisible, for the whole cluster: their presence looks offline from any node. */
public interface InvisibleUsers {

    boolean isInvisible(String user);

    void setInvisible(String user, boolean value);
}
