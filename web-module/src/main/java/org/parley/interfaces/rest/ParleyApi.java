package org.parley.interfaces.rest;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** Mounts the REST resources at {@code /api}; {@link OperatorAuthentication} admits operators to all of them. */
@ApplicationPath("/api")
public class ParleyApi extends Application {
}
