package dev.mlaas.attacker.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTests {

	@TempDir
	Path dir;

	/** {@code count} 28x28 images whose pixels are all {@code first + i} for image i, labels {@code first + i}. */
	private static LabeledData images(int count, int first) {
		float[][] rows = new float[count][784];
		int[] labels = new int[count];
		for (int i = 0; i < count; i++) {
			java.util.Arrays.fill(rows[i], first + i);
			rows[i][783] = 255;
			labels[i] = first + i;
		}
		return new LabeledData(rows, labels, new int[] {28, 28});
	}

	private static byte[] gzip(byte[] plain) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
			gz.write(plain);
		}
		return out.toByteArray();
	}

	private void writeTrainGzipped(LabeledData train) throws IOException {
		Files.write(dir.resolve("train-images-idx3-ubyte.gz"), gzip(Idx.imagesBytes(train, Idx.Type.UBYTE)));
		Files.write(dir.resolve("train-labels-idx1-ubyte.gz"), gzip(Idx.labelsBytes(train)));
	}

	private void writeTestPlain(LabeledData test) throws IOException {
		Idx.write(test, dir.resolve("t10k-images-idx3-ubyte"), dir.resolve("t10k-labels-idx1-ubyte"), Idx.Type.UBYTE);
	}

	@Test
	void concatenatesTrainThenTestWithPixelsScaledToTheUnitInterval() throws IOException {
		writeTrainGzipped(images(3, 0));
		writeTestPlain(images(2, 3));

		LabeledData d = FashionMnist.load(dir);

		assertThat(d.size()).isEqualTo(5);
		assertThat(d.labels()).containsExactly(0, 1, 2, 3, 4);
		assertThat(d.recordShape()).containsExactly(28, 28);
		assertThat(d.features()[4][0]).isEqualTo(4f / 255f);
		assertThat(d.features()[4][783]).isEqualTo(1f);
		assertThat(d.features()[0][0]).isZero();
	}

	@Test
	void namesTheMissingFile() throws IOException {
		writeTrainGzipped(images(1, 0));

		assertThatThrownBy(() -> FashionMnist.load(dir))
				.isInstanceOf(NoSuchFileException.class)
				.hasMessageContaining("t10k-images-idx3-ubyte");
	}

	@Test
	void rejectsImagesThatAreNot28By28() throws IOException {
		writeTrainGzipped(images(1, 0));
		LabeledData small = new LabeledData(new float[][] {{1, 2, 3, 4}}, new int[] {0}, new int[] {2, 2});
		Idx.write(small, dir.resolve("t10k-images-idx3-ubyte"), dir.resolve("t10k-labels-idx1-ubyte"));

		assertThatThrownBy(() -> FashionMnist.load(dir))
				.isInstanceOf(IOException.class)
				.hasMessageContaining("28x28");
	}
}
