package dev.mlaas.server.prediction;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
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

}
