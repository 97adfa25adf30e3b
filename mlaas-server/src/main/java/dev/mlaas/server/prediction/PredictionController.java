package dev.mlaas.server.prediction;

import jakarta.validation.Valid;

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
	PredictResponse predict(Caller caller, @Valid @RequestBody PredictRequest request) {
		return this.predictions.predict(caller, request);
	}

}
