package dev.mlaas.attacker.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Loads Fashion-MNIST from its four IDX files: train then t10k concatenated (70,000 records of the real dataset),
 * pixels scaled from 0..255 to [0, 1], record shape {28, 28}.
 */
public final class FashionMnist {

	private static final int[] IMAGE_SHAPE = {28, 28};

	private static final String[][] PARTS = {
			{"train-images-idx3-ubyte", "train-labels-idx1-ubyte"},
			{"t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"},
	};

	private FashionMnist() {
	}

	/**
	 * Loads the dataset from {@code dir}, accepting each file with or without a {@code .gz} suffix.
	 *
	 * @throws NoSuchFileException if one of the four files is missing
	 * @throws IOException         if a file is malformed or its images are not 28x28
	 */
	public static LabeledData load(Path dir) throws IOException {
		LabeledData[] parts = new LabeledData[PARTS.length];
		int total = 0;
		for (int p = 0; p < PARTS.length; p++) {
			Path images = locate(dir, PARTS[p][0]);
			Path labels = locate(dir, PARTS[p][1]);
			parts[p] = Idx.read(images, labels);
			if (!Arrays.equals(parts[p].recordShape(), IMAGE_SHAPE)) {
				throw new IOException(images + ": expected 28x28 images, found shape "
						+ Arrays.toString(parts[p].recordShape()));
			}
			total += parts[p].size();
		}
		float[][] rows = new float[total][];
		int[] labels = new int[total];
		int offset = 0;
		for (LabeledData part : parts) {
			System.arraycopy(part.features(), 0, rows, offset, part.size());
			System.arraycopy(part.labels(), 0, labels, offset, part.size());
			offset += part.size();
		}
		// in place: the freshly read rows are owned here, and a copy would double 220 MB
		Idx.divideInPlace(rows, 255f);
		return new LabeledData(rows, labels, IMAGE_SHAPE);
	}

	private static Path locate(Path dir, String name) throws NoSuchFileException {
		Path plain = dir.resolve(name);
		if (Files.isRegularFile(plain)) {
			return plain;
		}
		Path gzipped = dir.resolve(name + ".gz");
		if (Files.isRegularFile(gzipped)) {
			return gzipped;
		}
		throw new NoSuchFileException(plain.toString(), null, "neither " + name + " nor " + name + ".gz in " + dir);
	}
}
