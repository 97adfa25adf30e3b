package dev.mlaas.server.models;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.mlaas.server.accounts.Caller;

/** The caller's models, one model's view, and publishing ({@code PATCH /models/{id}} with {@code published}). */
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
		return this.models.setPublished(caller.accountId(), id, request.published());
	}

	record UpdateModelRequest(@NotNull Boolean published) {
	}

}
