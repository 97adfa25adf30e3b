package dev.mlaas.server.training;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.net.URI;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.validation.Valid;
import jakarta.validation.Validator;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import dev.mlaas.server.accounts.Caller;
import dev.mlaas.server.common.web.InvalidRequestException;
import dev.mlaas.server.datasets.DatasetUploads;

/**
 * {@code POST /train} starts a job (202 with its location), on a stored dataset (JSON) or on data uploaded with it
 * (multipart); {@code GET /jobs/{id}} follows it.
 */
@RestController
@Tag(name = "Training", description = "Training jobs: one call starts one, billed as one training job; the trained model is the caller's")
class TrainingController {

	private final TrainingService training;

	private final DatasetUploads uploads;

	private final ObjectMapper json;

	private final Validator validator;

	TrainingController(TrainingService training, DatasetUploads uploads, ObjectMapper json, Validator validator) {
		this.training = training;
		this.uploads = uploads;
		this.json = json;
		this.validator = validator;
	}

	@Operation(summary = "Start a training job on one of the caller's datasets, or (multipart) on data sent with it; "
			+ "answers 202 with the job")
	@PostMapping(path = "/train", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<JobView> train(Caller caller, @Valid @RequestBody TrainRequest request) {
		return accepted(this.training.submit(caller, request));
	}

	@Operation(summary = "Upload a dataset and start a training job on it in one call: the data as in POST /datasets "
			+ "and the recipe (POST /train's JSON without datasetId) as the part 'recipe'; answers 202 with the job, "
			+ "whose datasetId is the new dataset's")
	@PostMapping(path = "/train", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	ResponseEntity<JobView> trainOnUpload(Caller caller, @RequestPart("recipe") String recipe,
			@RequestParam(required = false) String name, @RequestParam(required = false) String format,
			@RequestParam(defaultValue = "-1") int labelColumn, @RequestPart(required = false) MultipartFile file,
			@RequestPart(required = false) MultipartFile images, @RequestPart(required = false) MultipartFile labels)
			throws IOException {
		TrainRequest request = readRecipe(recipe);
		DatasetUploads.Upload upload = this.uploads.read(name, format, labelColumn, file, images, labels);
		return accepted(this.training.submit(caller, request, upload));
	}

	/** The 'recipe' part, read as strictly as a JSON body and checked by the same rules, without a datasetId. */
	private TrainRequest readRecipe(String recipe) {
		TrainRequest request;
		try {
			request = this.json.readValue(recipe, TrainRequest.class);
		}
		catch (JsonProcessingException ex) {
			throw new InvalidRequestException("invalid-request", "Invalid request", "The part 'recipe' must be "
					+ "POST /train's JSON (without datasetId): " + ex.getOriginalMessage());
		}
		if (request.datasetId() != null) {
			throw new InvalidRequestException("invalid-request", "Invalid request", "With the data in the request, "
					+ "the recipe names no datasetId: the job trains on the uploaded one.");
		}
		List<String> errors = this.validator.validate(request.forDataset(0)).stream()
			.map(violation -> violation.getPropertyPath() + ": " + violation.getMessage())
			.sorted()
			.toList();
		if (!errors.isEmpty()) {
			throw new InvalidRequestException("invalid-request", "Invalid request", String.join("; ", errors))
				.with("errors", errors);
		}
		return request;
	}

	private static ResponseEntity<JobView> accepted(JobView job) {
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
