package dev.mlaas.server.models;

import java.util.List;

import jakarta.validation.Valid;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.mlaas.server.accounts.Caller;
import dev.mlaas.server.common.web.InvalidRequestException;

/**
 * The caller's models, one model's view, and what its owner changes without retraining ({@code PATCH /models/{id}}):
 * whether it is {@code published}, and its {@code outputPolicy}.
 */
@RestController
class ModelController {

	private final ModelService models;

	ModelController(ModelService models) {
		this.models = models;
	}

	@GetMapping("/models")
	List<ModelView> list(Caller caller) {
		return this.models.list(caller.accountId());
	}

	@GetMapping("/models/{id}")
	ModelView get(Caller caller, @PathVariable long id) {
		return this.models.get(caller.accountId(), id);
	}

	@PatchMapping("/models/{id}")
	ModelView update(Caller caller, @PathVariable long id, @Valid @RequestBody UpdateModelRequest request) {
		if (request.published() == null && request.outputPolicy() == null) {
			throw new InvalidRequestException("invalid-request", "Invalid request",
					"Give published, outputPolicy or both.");
		}
		return this.models.update(caller.accountId(), id, request.published(), request.outputPolicy());
	}

	/** Either or both; what is left out stays as it is. */
	record UpdateModelRequest(Boolean published, OutputPolicy outputPolicy) {
	}

}
