package org.occmmigrator.api;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document's title and its authentication, so Swagger UI's "Authorize" asks for the Camunda login. */
@Configuration
@OpenAPIDefinition(
    info = @Info(title = "occm-migrator API", version = "1",
        description = "Start migrations of clusters from the in-tree OpenStack provider to the external cloud provider "
            + "and follow them. Errors are application/problem+json (RFC 9457) with a stable type "
            + "urn:occm-migrator:problem:<kind>: invalid-request, unauthenticated, forbidden, cluster-not-found, migration-not-found, "
            + "migration-running, not-eligible, platform-unavailable, platform-error, openstack-unavailable."),
    security = @SecurityRequirement(name = ApiDocumentation.BASIC_AUTH))
@SecurityScheme(name = ApiDocumentation.BASIC_AUTH, type = SecuritySchemeType.HTTP, scheme = "basic",
    description = "A Camunda user: members of migration-viewers may read, members of migration-operators may also start")
class ApiDocumentation {

  static final String BASIC_AUTH = "basicAuth";
}
