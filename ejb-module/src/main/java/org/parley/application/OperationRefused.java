package org.parley.application;

import jakarta.ejb.ApplicationException;

/**
 * An admin operation refused before it changed anything: bad arguments, something it names that does not exist
 * ({@link #notFound()}), or (when {@link #conflict()}) another operation that must not run at the same time.
 */
@ApplicationException
public class OperationRefused extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private enum Kind { INVALID, CONFLICT, NOT_FOUND }

    private final Kind kind;

    public OperationRefused(String message, boolean conflict) {
        this(message, conflict ? Kind.CONFLICT : Kind.INVALID);
    }

    private OperationRefused(String message, Kind kind) {
        super(message, null, false, false);
        this.kind = kind;
    }

    /** The operation names an account, room or other thing that does not exist. */
    public static OperationRefused missing(String message) {
        return new OperationRefused(message, Kind.NOT_FOUND);
    }

    /** True when the operation may succeed later, once the conflicting one has finished. */
    public boolean conflict() {
        return kind == Kind.CONFLICT;
    }

    /** True when what the operation names does not exist. */
    public boolean notFound() {
        return kind == Kind.NOT_FOUND;
    }
}
