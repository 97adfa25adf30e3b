package dev.mlaas.server.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

import org.springframework.stereotype.Component;
import org.springframework.web.multipart.MultipartFile;

/**
 * Reads an uploaded dataset's parts (a CSV {@code file}, or IDX {@code images} + {@code labels}) into records,
 * validated against the service's limits, for {@code POST /datasets} and for {@code POST /train} with the data.
 */
@Component
public class DatasetUploads {

	private final CsvParser csv;

	private final IdxParser idx;

	DatasetUploads(DatasetProperties limits) {
		this.csv = new CsvParser(limits);
		this.idx = new IdxParser(limits);
	}

	/** An upload read and checked, not yet stored. */
	public record Upload(String name, String format, Records records) {
	}

	/** Reads the parts; a problem names what is wrong (the row, the column, the missing part). */
	public Upload read(String name, String format, int labelColumn, MultipartFile file, MultipartFile images,
			MultipartFile labels) throws IOException {
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
		return new Upload(datasetName, resolvedFormat, records);
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
