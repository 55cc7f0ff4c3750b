package org.parley.application;

import jakarta.ejb.ApplicationException;

/**
 * An admin operation refused before it changed anything: bad arguments, or (when {@link #conflict()}) another
 * operation that must not run at the same time.
 */
@ApplicationException
public class OperationRefused extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean conflict;

    public OperationRefused(String message, boolean conflict) {
        super(message, null, false, false);
        this.conflict = conflict;
    }

    /** True when the operation may succeed later, once the conflicting one has finished. */
    public boolean conflict() {
        return conflict;
    }
}
