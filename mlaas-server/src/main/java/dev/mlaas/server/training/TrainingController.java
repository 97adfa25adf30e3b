package dev.mlaas.server.training;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;

import jakarta.validation.Valid;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.mlaas.server.accounts.Caller;

/** {@code POST /train} starts a job (202 with its location); {@code GET /jobs/{id}} follows it. */
@RestController
@Tag(name = "Training", description = "Training jobs: one call starts one, billed as one training job; the trained model is the caller's")
class TrainingController {

	private final TrainingService training;

	TrainingController(TrainingService training) {
		this.training = training;
	}

	@Operation(summary = "Start a training job on one of the caller's datasets; answers 202 with the job")
	@PostMapping("/train")
	ResponseEntity<JobView> train(Caller caller, @Valid @RequestBody TrainRequest request) {
		JobView job = this.training.submit(caller, request);
		return ResponseEntity.accepted().location(URI.create("/jobs/" + job.id())).body(job);
	}

	@Operation(summary = "The caller's training jobs, oldest first")
	@GetMapping("/jobs")
	List<JobView> list(Caller caller) {
		return this.training.list(caller);
	}

	@Operation(summary = "Cancel a queued or running job: it stops at the end of its current epoch and stores no model")
	@PostMapping("/jobs/{id}/cancel")
	JobView cancel(Caller caller, @PathVariable long id) {
		return this.training.cancel(caller, id);
	}

	@Operation(summary = "One training job: status, progress, and the model once trained")
	@GetMapping("/jobs/{id}")
	JobView get(Caller caller, @PathVariable long id) {
		return this.training.get(caller, id);
	}

}
