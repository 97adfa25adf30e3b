package dev.mlaas.server.common.web;

import java.util.List;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The API description at {@code /v3/api-docs}: its title, version and what the service is; the API key as a bearer
 * scheme, so that Swagger UI's Authorize sends it; and the problem+json answers every operation can give.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocsConfiguration {

	static final String API_KEY = "apiKey";

	private static final String PROBLEM = "Problem";

	@Bean
	OpenAPI mlaasOpenApi() {
		String version = ApiDocsConfiguration.class.getPackage().getImplementationVersion();
		return new OpenAPI()
			.info(new Info().title("MLaaS simulator API")
				.version((version != null) ? version : "development")
				.description("A simulated machine-learning-as-a-service provider. Accounts upload datasets, train "
						+ "models (POST /train) and publish them; any account may query a published model through "
						+ "POST /predict as a black box. Every upload, training job and predicted instance is "
						+ "charged to the calling API key in a ledger (GET /usage). Errors are RFC 9457 "
						+ "application/problem+json."))
			.components(new Components()
				.addSecuritySchemes(API_KEY, new SecurityScheme().type(SecurityScheme.Type.HTTP)
					.scheme("bearer")
					.description("An API key from POST /accounts or POST /keys, sent as "
							+ "'Authorization: Bearer <key>'"))
				.addSecuritySchemes("adminToken", new SecurityScheme().type(SecurityScheme.Type.HTTP)
					.scheme("bearer")
					.description("The operator's token (mlaas.admin.token), for /admin only")))
			.addSecurityItem(new SecurityRequirement().addList(API_KEY));
	}

	/** The problem+json answers of every operation: bad input, a missing key, and a resource the caller cannot see. */
	@Bean
	OpenApiCustomizer problemResponses() {
		// added here, with the responses that use it: springdoc drops a schema nothing refers to yet, which left
		// every problem response pointing at a missing schema (Swagger UI showed resolver errors)
		return api -> {
			api.getComponents().addSchemas(PROBLEM, problemSchema());
			api.getPaths()
				.forEach((path, item) -> item.readOperations().forEach(operation -> addProblems(path, operation)));
		};
	}

	private static Schema<?> problemSchema() {
		return new ObjectSchema().description("RFC 9457 problem details")
			.addProperty("type", new StringSchema().format("uri")
				.description("https://mlaas.dev/problems/<name>, stable: branch on it"))
			.addProperty("title", new StringSchema())
			.addProperty("status", new IntegerSchema())
			.addProperty("detail", new StringSchema().description("What was wrong, safe to show"))
			.addProperty("instance", new StringSchema().format("uri"));
	}

	private static void addProblems(String path, Operation operation) {
		problem(operation, "400", "Invalid request: the problem names the field or rule");
		boolean secured = operation.getSecurity() == null || !operation.getSecurity().isEmpty();
		if (secured) {
			problem(operation, "401", "No API key, or an unknown or revoked one");
		}
		if (secured && !path.startsWith("/admin")) {
			problem(operation, "429", "Over the key's rate limit or a daily quota of its plan, or too much at "
					+ "once; Retry-After says when to ask again");
		}
		if (List.of("/predict", "/train", "/datasets").contains(path) && operation.getRequestBody() != null) {
			problem(operation, "402", "The account's credit balance does not cover the request");
		}
		if (path.contains("{") || List.of("/predict", "/train").contains(path)) {
			problem(operation, "404", "No such resource that the caller may see");
		}
	}

	private static void problem(Operation operation, String status, String description) {
		if (operation.getResponses().containsKey(status)) {
			return;
		}
		operation.getResponses()
			.addApiResponse(status, new ApiResponse().description(description)
				.content(new Content().addMediaType("application/problem+json",
						new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)))));
	}

}
