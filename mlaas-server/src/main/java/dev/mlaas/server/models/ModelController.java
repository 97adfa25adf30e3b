package dev.mlaas.server.models;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
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
@Tag(name = "Models", description = "Trained models: the owner sees how each was made; others see a published model's interface")
class ModelController {

	private final ModelService models;

	ModelController(ModelService models) {
		this.models = models;
	}

	@Operation(summary = "The caller's models")
	@GetMapping("/models")
	List<ModelView> list(Caller caller) {
		return this.models.list(caller.accountId());
	}

	@Operation(summary = "One model: the owner's whole view, or a published model's interface")
	@GetMapping("/models/{id}")
	ModelView get(Caller caller, @PathVariable long id) {
		return this.models.get(caller.accountId(), id);
	}

	@Operation(summary = "Publish or unpublish a model, or set its output policy")
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
