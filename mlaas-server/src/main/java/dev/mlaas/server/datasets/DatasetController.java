package dev.mlaas.server.datasets;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Locale;

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

	private final CsvParser csv;

	private final IdxParser idx;

	DatasetController(DatasetService datasets, DatasetProperties limits) {
		this.datasets = datasets;
		this.csv = new CsvParser(limits);
		this.idx = new IdxParser(limits);
	}

	@Operation(summary = "Upload a dataset: a CSV file, or IDX images and labels")
	@PostMapping(path = "/datasets", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	ResponseEntity<DatasetInfo> upload(Caller caller, @RequestParam(required = false) String name,
			@RequestParam(required = false) String format, @RequestParam(defaultValue = "-1") int labelColumn,
			@RequestPart(required = false) MultipartFile file, @RequestPart(required = false) MultipartFile images,
			@RequestPart(required = false) MultipartFile labels) throws IOException {
		String resolvedFormat = resolveFormat(format, file, images, labels);
		Records records;
		if (resolvedFormat.equals("csv")) {
			if (file == null) {
				throw new InvalidDatasetException("A CSV upload needs the part 'file'.");
			}
			try (InputStream in = file.getInputStream()) {
				records = this.csv.parse(in, labelColumn);
			}
		}
		else {
			if (images == null || labels == null) {
				throw new InvalidDatasetException("An IDX upload needs the parts 'images' and 'labels'.");
			}
			try (InputStream imagesIn = images.getInputStream(); InputStream labelsIn = labels.getInputStream()) {
				records = this.idx.parse(imagesIn, labelsIn);
			}
		}
		String datasetName = (name == null || name.isBlank()) ? defaultName(file, images) : name.strip();
		if (datasetName.length() > 200) {
			throw new InvalidDatasetException("The name may have at most 200 characters.");
		}
		DatasetInfo stored = this.datasets.store(caller, datasetName, resolvedFormat, records);
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

	private static String resolveFormat(String format, MultipartFile file, MultipartFile images,
			MultipartFile labels) {
		if (format != null) {
			String lower = format.toLowerCase(Locale.ROOT);
			if (!lower.equals("csv") && !lower.equals("idx")) {
				throw new InvalidDatasetException("format must be 'csv' or 'idx', not '" + format + "'.");
			}
			return lower;
		}
		if (file != null && images == null && labels == null) {
			return "csv";
		}
		if (file == null && (images != null || labels != null)) {
			return "idx";
		}
		throw new InvalidDatasetException(
				"Send either a CSV as the part 'file', or IDX files as the parts 'images' and 'labels'.");
	}

	private static String defaultName(MultipartFile file, MultipartFile images) {
		MultipartFile named = (file != null) ? file : images;
		String original = named.getOriginalFilename();
		return (original == null || original.isBlank()) ? "dataset" : original;
	}

}
