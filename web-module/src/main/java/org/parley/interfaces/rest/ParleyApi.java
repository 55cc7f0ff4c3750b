package org.parley.interfaces.rest;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.security.SecuritySchemes;

/**
 * Mounts the REST resources at {@code /api}; {@link OperatorAuthentication} admits operators to all of them. The
 * annotations describe the API in the OpenAPI document Payara serves at {@code /openapi}.
 */
@ApplicationPath("/api")
@OpenAPIDefinition(
        info = @Info(title = "Parley admin API", version = "1",
                description = "Operators' API of a Parley node; every node answers for the whole cluster. Errors are "
                        + "RFC 9457 problem documents. Auditors may GET, admins may do everything."),
        security = {@SecurityRequirement(name = "apiToken"), @SecurityRequirement(name = "realmUser")})
@SecuritySchemes({
        @SecurityScheme(securitySchemeName = "apiToken", type = SecuritySchemeType.HTTP, scheme = "bearer",
                description = "A named token of parley.api.tokens"),
        @SecurityScheme(securitySchemeName = "realmUser", type = SecuritySchemeType.HTTP, scheme = "basic",
                description = "A user of the server's realm in the group parley-admin or parley-auditor")})
public class ParleyApi extends Application {
}
