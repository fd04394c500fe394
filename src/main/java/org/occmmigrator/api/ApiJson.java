package org.occmmigrator.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Request bodies of the API are read strictly: no property the request does not define ({@code inventory} in a
 * start is an error, not ignored), and no coercion of scalars ({@code "confirmed": 1} or {@code "confirmed":
 * "yes"} is an error, not a yes; {@code "clusterId": 123} is no id). Spring's ObjectMapper serves only this API (the engine REST API and the sandbox
 * have their own).
 */
@Configuration(proxyBeanMethods = false)
class ApiJson {

  @Bean
  Jackson2ObjectMapperBuilderCustomizer strictRequestBodies() {
    return builder -> builder.featuresToEnable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
            DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .featuresToDisable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .postConfigurer(mapper -> mapper.coercionConfigFor(LogicalType.Textual)
            .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
  }
}
