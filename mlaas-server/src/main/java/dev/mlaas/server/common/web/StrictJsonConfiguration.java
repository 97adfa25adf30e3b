package dev.mlaas.server.common.web;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Request bodies are read strictly: a JSON value of another type than the field's is an error, never a conversion.
 * Jackson's defaults trained 1 epoch for {@code "epochs": 1.5}, read {@code "1"} as a number, {@code 123} as a name
 * and {@code 0} or {@code "false"} as false.
 */
@Configuration(proxyBeanMethods = false)
class StrictJsonConfiguration {

	@Bean
	Jackson2ObjectMapperBuilderCustomizer strictJson() {
		return builder -> builder
			.featuresToDisable(DeserializationFeature.ACCEPT_FLOAT_AS_INT, MapperFeature.ALLOW_COERCION_OF_SCALARS)
			.featuresToEnable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
			.postConfigurer(StrictJsonConfiguration::refuseCoercions);
	}

	private static void refuseCoercions(ObjectMapper mapper) {
		refuse(mapper, LogicalType.Integer, CoercionInputShape.String, CoercionInputShape.Float,
				CoercionInputShape.Boolean, CoercionInputShape.EmptyString);
		refuse(mapper, LogicalType.Float, CoercionInputShape.String, CoercionInputShape.Boolean,
				CoercionInputShape.EmptyString);
		refuse(mapper, LogicalType.Boolean, CoercionInputShape.String, CoercionInputShape.Integer,
				CoercionInputShape.Float, CoercionInputShape.EmptyString);
		refuse(mapper, LogicalType.Textual, CoercionInputShape.Integer, CoercionInputShape.Float,
				CoercionInputShape.Boolean);
	}

	private static void refuse(ObjectMapper mapper, LogicalType type, CoercionInputShape... shapes) {
		for (CoercionInputShape shape : shapes) {
			mapper.coercionConfigFor(type).setCoercion(shape, CoercionAction.Fail);
		}
	}

}
