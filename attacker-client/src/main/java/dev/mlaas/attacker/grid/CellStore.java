package dev.mlaas.attacker.grid;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.mlaas.attacker.report.ExperimentReport;

/**
 * Finished cells on disk, each filed under the SHA-256 of the inputs that decide its figures, so that a grid run
 * again with the same inputs reads them instead of recomputing them, and a changed input never reads a stale one.
 * A cell is written whole or not at all (to a temporary file, then moved into place), so a grid killed while
 * writing leaves no half cell behind.
 */
public final class CellStore {

	private static final ObjectMapper JSON = JsonMapper.builder()
		.addModule(new JavaTimeModule())
		.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
		.enable(SerializationFeature.INDENT_OUTPUT)
		.enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private final Path dir;

	public CellStore(Path dir) {
		this.dir = dir;
	}

	/**
	 * The SHA-256 of {@code inputs} written as JSON with map keys sorted: the same inputs give the same hash
	 * whatever order their maps were filled in.
	 */
	public static String hash(Object inputs) {
		try {
			byte[] json = JSON.writeValueAsString(inputs).getBytes(StandardCharsets.UTF_8);
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
		}
		catch (IOException ex) {
			throw new IllegalArgumentException("inputs that cannot be written as JSON: " + ex.getMessage(), ex);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
	}

	/** Where the cell with these inputs is (or will be) kept. */
	public Path file(String stem, String inputsHash) {
		return this.dir.resolve(stem + "-" + inputsHash.substring(0, 12) + ".json");
	}

	/** The finished cell kept under this hash, if any; a file that does not read as a report counts as none. */
	public Optional<ExperimentReport> finished(String stem, String inputsHash) {
		Path file = file(stem, inputsHash);
		if (!Files.isRegularFile(file)) {
			return Optional.empty();
		}
		try {
			Stored stored = JSON.readValue(file.toFile(), Stored.class);
			return inputsHash.equals(stored.inputsHash()) ? Optional.of(stored.report()) : Optional.empty();
		}
		catch (IOException ex) {
			return Optional.empty();
		}
	}

	/** Keeps a finished cell under its hash; returns its file. */
	public Path save(String stem, String inputsHash, ExperimentReport report) throws IOException {
		Files.createDirectories(this.dir);
		Path file = file(stem, inputsHash);
		// a sibling, not a temporary file: those are made readable by their owner alone
		Path partial = file.resolveSibling(file.getFileName() + ".partial");
		try {
			JSON.writeValue(partial.toFile(), new Stored(inputsHash, report));
			try {
				Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (AtomicMoveNotSupportedException ex) {
				Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
			}
		}
		finally {
			Files.deleteIfExists(partial);
		}
		return file;
	}

	/** A kept cell: the hash of its inputs beside its full report. */
	record Stored(String inputsHash, ExperimentReport report) {
	}

}
