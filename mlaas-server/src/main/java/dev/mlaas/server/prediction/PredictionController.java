package dev.mlaas.server.prediction;

import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.mlaas.server.accounts.Caller;
import dev.mlaas.server.common.web.InvalidRequestException;

/**
 * {@code POST /predict}: black-box access to a model, one billed query per instance. The instances come as JSON or
 * as one NumPy {@code .npy} array (the model then in the query string); the answer is in the type the client
 * accepts, JSON by default for JSON and {@code .npy} for {@code .npy}.
 */
@RestController
@Tag(name = "Prediction", description = "Black-box queries: posteriors (or what the model's output policy leaves of them), one billed query per instance")
class PredictionController {

	private static final String NPY_ARRAY = "a C-order .npy array of shape (instances, features), as numpy.save "
			+ "writes it: float32, float64, uint8 or bool; needs the modelId query parameter";

	private final PredictionService predictions;

	PredictionController(PredictionService predictions) {
		this.predictions = predictions;
	}

	// one operation in the API docs for both bodies: springdoc would otherwise merge the two mappings into one that
	// shows only the .npy body
	@Operation(summary = "Posterior probability vectors for a batch of instances, one billed query each",
			parameters = @Parameter(name = "modelId", in = ParameterIn.QUERY, required = false,
					description = "The model to query, when the body is an .npy array",
					schema = @Schema(type = "integer", format = "int64")),
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = {
					@Content(mediaType = "application/json", schema = @Schema(implementation = PredictRequest.Json.class)),
					@Content(mediaType = "application/x-npy",
							schema = @Schema(type = "string", format = "binary", description = NPY_ARRAY)) }),
			responses = @ApiResponse(responseCode = "200", description = "One posterior vector per instance",
					headers = { @Header(name = PredictionNpyConverter.QUERIES_HEADER,
							description = "Queries billed (.npy answers)", schema = @Schema(type = "integer")),
							@Header(name = PredictionNpyConverter.CREDITS_HEADER,
									description = "Credits charged (.npy answers)",
									schema = @Schema(type = "string")),
							@Header(name = PredictionNpyConverter.CHARGE_ID_HEADER,
									description = "The charge's requestId in GET /usage (.npy answers)",
									schema = @Schema(type = "string")) },
					content = { @Content(mediaType = "application/json",
							schema = @Schema(implementation = PredictResponse.class)),
							@Content(mediaType = "application/x-npy", schema = @Schema(type = "string",
									format = "binary", description = "a float32 array of shape (instances, classes)")) }))
	// the answer's types are declared so that an Accept header the service cannot meet is refused (406) before the
	// request is charged, not after
	@PostMapping(path = "/predict", produces = { "application/json", "application/x-npy" })
	PredictResponse predict(Caller caller, @RequestBody PredictRequest request) {
		return this.predictions.predict(caller, request);
	}

	@Operation(hidden = true)
	@PostMapping(path = "/predict", consumes = "application/x-npy", produces = { "application/x-npy",
			"application/json" })
	PredictResponse predictNpy(Caller caller, @RequestParam List<Long> modelId,
			@RequestBody PredictRequest.Instances instances) {
		// Spring would take the first of ?modelId=A&modelId=B: which model was meant is the caller's to say
		if (modelId.size() != 1) {
			throw new InvalidRequestException("invalid-request", "Invalid request",
					"modelId: give exactly one model, not " + modelId.size() + ".");
		}
		return this.predictions.predict(caller, new PredictRequest(modelId.get(0), instances));
	}

}
