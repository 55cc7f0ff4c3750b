package org.parley.application;

/**
 * A sealed value that does not open: changed, moved to another record, or sealed under a key this node does not
 * have. Never carries any part of the plaintext.
 */
public class CipherFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CipherFailure(String message) {
        super(message);
    }

    public CipherFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
