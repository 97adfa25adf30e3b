package dev.mlaas.attacker.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Records from files as a user names them: a CSV file (label in the last column unless another is given) or an IDX
 * features file with its IDX labels file, gzipped or not; pixels scaled only when asked. Each load says what it read:
 * the files' SHA-256, the shape and the class count, so that a report can tell which data it ran on.
 */
public final class DataFiles {

	private DataFiles() {
	}

	/**
	 * @param labels an IDX labels file, which makes {@code file} an IDX features file; null for a CSV file
	 * @param labelColumn the CSV's label column (0-based), or -1 for the last
	 * @param scale a divisor for every feature (255 for pixels), or null
	 */
	public static Loaded load(Path file, Path labels, int labelColumn, Float scale) throws IOException {
		if (!Files.isRegularFile(file)) {
			throw new IOException(file + " is not a file");
		}
		LabeledData data = (labels != null) ? Idx.read(file, labels) : Csv.read(file, labelColumn);
		if (scale != null) {
			data = Idx.scale(data, scale);
		}
		List<String> hashes = new ArrayList<>();
		hashes.add(sha256(file));
		if (labels != null) {
			hashes.add(sha256(labels));
		}
		return new Loaded(data, new Description(file.toString(), (labels != null) ? labels.toString() : null, hashes,
				data.size(), data.recordShape(), data.numClasses(), scale));
	}

	/**
	 * What a dataset held in memory is: the SHA-256 of its records as loaded (shape, then each label and each
	 * feature's float bits, big-endian), which does not depend on the file format they came from.
	 */
	public static Description ofRecords(String source, LabeledData data) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(4 * (1 + data.numFeatures()));
			for (int dim : data.recordShape()) {
				digest.update(java.nio.ByteBuffer.allocate(4).putInt(dim).array());
			}
			for (int i = 0; i < data.size(); i++) {
				buffer.clear();
				buffer.putInt(data.labels()[i]);
				for (float value : data.features()[i]) {
					buffer.putInt(Float.floatToIntBits(value));
				}
				digest.update(buffer.array(), 0, buffer.position());
			}
			return new Description(source, null, List.of(HexFormat.of().formatHex(digest.digest())), data.size(),
					data.recordShape(), data.numClasses(), null);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
	}

	static String sha256(Path file) throws IOException {
		try (InputStream in = new DigestInputStream(Files.newInputStream(file),
				MessageDigest.getInstance("SHA-256"))) {
			DigestInputStream digest = (DigestInputStream) in;
			in.transferTo(java.io.OutputStream.nullOutputStream());
			return HexFormat.of().formatHex(digest.getMessageDigest().digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
	}

	/** Records and what they were read from. */
	public record Loaded(LabeledData data, Description description) {
	}

	/** Which files, their SHA-256 (features file first), how many records of what shape, how many classes. */
	public record Description(String file, String labels, List<String> sha256, int records, int[] recordShape,
			int classes, Float scale) {
	}

}
