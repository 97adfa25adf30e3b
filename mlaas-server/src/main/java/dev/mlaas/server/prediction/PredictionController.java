package dev.mlaas.server.prediction;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.mlaas.server.accounts.Caller;

/** {@code POST /predict}: black-box access to a model, one billed query per instance. */
@RestController
class PredictionController {

	private final PredictionService predictions;

	PredictionController(PredictionService predictions) {
		this.predictions = predictions;
	}

	@PostMapping("/predict")
	PredictResponse predict(Caller caller,
			@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
					schema = @Schema(implementation = PredictRequest.Json.class))) @RequestBody PredictRequest request) {
		return this.predictions.predict(caller, request);
	}

	/**
	 * The same with the instances as one {@code .npy} array and the model in the query string; answers {@code .npy}
	 * unless the client asks for JSON.
	 */
	@PostMapping(path = "/predict", consumes = "application/x-npy", produces = { "application/x-npy",
			"application/json" })
	PredictResponse predictNpy(Caller caller, @RequestParam long modelId,
			@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/x-npy",
					schema = @Schema(type = "string", format = "binary",
							description = "a C-order array of shape (instances, features): float32, float64, uint8 or bool"))) @RequestBody PredictRequest.Instances instances) {
		return this.predictions.predict(caller, new PredictRequest(modelId, instances));
	}

}
