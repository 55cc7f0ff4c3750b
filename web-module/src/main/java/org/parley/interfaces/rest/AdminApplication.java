package org.parley.interfaces.rest;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** Mounts the REST resources at {@code /api}, clear of tim's {@code /tim} and {@code /tim2}. */
@ApplicationPath("/api")
public class AdminApplication extends Application {
}
