package dev.mlaas.server.training;

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
class TrainingController {

	private final TrainingService training;

	TrainingController(TrainingService training) {
		this.training = training;
	}

	@PostMapping("/train")
	ResponseEntity<JobView> train(Caller caller, @Valid @RequestBody TrainRequest request) {
		JobView job = this.training.submit(caller, request);
		return ResponseEntity.accepted().location(URI.create("/jobs/" + job.id())).body(job);
	}

	@GetMapping("/jobs")
	List<JobView> list(Caller caller) {
		return this.training.list(caller);
	}

	@GetMapping("/jobs/{id}")
	JobView get(Caller caller, @PathVariable long id) {
		return this.training.get(caller, id);
	}

}
