package dev.mlaas.server.datasets;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.net.URI;
import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import dev.mlaas.server.accounts.Caller;

/**
 * Upload ({@code multipart/form-data}: a CSV {@code file}, or IDX {@code images} + {@code labels}) and the owner's
 * view of its datasets. Records are never served back: a dataset goes in, only models come out.
 */
@RestController
@Tag(name = "Datasets", description = "Training data an account uploads, validated and billed as one upload; records are never served back")
class DatasetController {

	private final DatasetService datasets;

	private final DatasetUploads uploads;

	DatasetController(DatasetService datasets, DatasetUploads uploads) {
		this.datasets = datasets;
		this.uploads = uploads;
	}

	@Operation(summary = "Upload a dataset: a CSV file, or IDX images and labels")
	@PostMapping(path = "/datasets", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	ResponseEntity<DatasetInfo> upload(Caller caller, @RequestParam(required = false) String name,
			@RequestParam(required = false) String format, @RequestParam(defaultValue = "-1") int labelColumn,
			@RequestPart(required = false) MultipartFile file, @RequestPart(required = false) MultipartFile images,
			@RequestPart(required = false) MultipartFile labels) throws IOException {
		DatasetUploads.Upload upload = this.uploads.read(name, format, labelColumn, file, images, labels);
		DatasetInfo stored = this.datasets.store(caller, upload);
		return ResponseEntity.created(URI.create("/datasets/" + stored.id())).body(stored);
	}

	@Operation(summary = "The caller's datasets' metadata")
	@GetMapping("/datasets")
	List<DatasetInfo> list(Caller caller) {
		return this.datasets.list(caller.accountId());
	}

	@Operation(summary = "One dataset's metadata")
	@GetMapping("/datasets/{id}")
	DatasetInfo get(Caller caller, @PathVariable long id) {
		return this.datasets.get(caller.accountId(), id);
	}

}
