package dev.mlaas.attacker.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTests {

	@TempDir
	Path dir;

	private static LabeledData fractional() {
		return new LabeledData(new float[][] {{0.5f, -1.25f, 3e7f, 0f, 1f, 2f}, {7f, 8f, 9f, 10f, 11f, 0.001f}},
				new int[] {3, 1}, new int[] {2, 3});
	}

	private static LabeledData bytes() {
		return new LabeledData(new float[][] {{0, 1, 255}, {1, 0, 17}, {0, 0, 0}}, new int[] {0, 1, 2},
				new int[] {3});
	}

	/** A raw IDX file: header then the given payload. */
	private static byte[] idx(int type, int[] dims, byte[] payload) {
		ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + payload.length);
		b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dims.length);
		for (int dim : dims) {
			b.putInt(dim);
		}
		b.put(payload);
		return b.array();
	}

	private static byte[] gzip(byte[] plain) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
			gz.write(plain);
		}
		return out.toByteArray();
	}

	private Path file(String name, byte[] content) throws IOException {
		return Files.write(dir.resolve(name), content);
	}

	@Test
	void floatImagesRoundTripThroughWriteAndRead() throws IOException {
		Path images = dir.resolve("images");
		Path labels = dir.resolve("labels");

		Idx.write(fractional(), images, labels);

		assertThat(Files.readAllBytes(images)[2]).isEqualTo((byte) 0x0D);
		assertThat(Idx.read(images, labels)).isEqualTo(fractional());
	}

	@Test
	void imagesBytesHaveTheFloatHeaderWithCountThenRecordShape() {
		byte[] bytes = Idx.imagesBytes(fractional());
		ByteBuffer b = ByteBuffer.wrap(bytes);

		assertThat(new byte[] {b.get(), b.get(), b.get(), b.get()}).containsExactly(0, 0, 0x0D, 3);
		assertThat(new int[] {b.getInt(), b.getInt(), b.getInt()}).containsExactly(2, 2, 3);
		assertThat(b.getFloat()).isEqualTo(0.5f);
		assertThat(bytes).hasSize(16 + 12 * 4);
	}

	@Test
	void labelsBytesUseUbyteBelow256AndIntOtherwise() {
		byte[] small = Idx.labelsBytes(fractional());
		LabeledData big = new LabeledData(new float[][] {{0}, {0}}, new int[] {5, 256}, new int[] {1});
		byte[] large = Idx.labelsBytes(big);

		assertThat(small).containsExactly(0, 0, 0x08, 1, 0, 0, 0, 2, 3, 1);
		assertThat(large[2]).isEqualTo((byte) 0x0C);
		assertThat(ByteBuffer.wrap(large, 8, 8).getInt()).isEqualTo(5);
		assertThat(ByteBuffer.wrap(large, 12, 4).getInt()).isEqualTo(256);
	}

	@Test
	void intLabelsRoundTrip() throws IOException {
		LabeledData big = new LabeledData(new float[][] {{0.5f}, {1.5f}}, new int[] {70000, 3}, new int[] {1});

		Idx.write(big, dir.resolve("i"), dir.resolve("l"));

		assertThat(Idx.read(dir.resolve("i"), dir.resolve("l"))).isEqualTo(big);
	}

	@Test
	void compactImageTypeIsUbyteOnlyForIntegersFrom0To255() {
		assertThat(Idx.compactImageType(bytes())).isEqualTo(Idx.Type.UBYTE);
		assertThat(Idx.compactImageType(fractional())).isEqualTo(Idx.Type.FLOAT);
		LabeledData tooBig = new LabeledData(new float[][] {{256}}, new int[] {0}, new int[] {1});
		assertThat(Idx.compactImageType(tooBig)).isEqualTo(Idx.Type.FLOAT);
		for (float odd : new float[] {Float.NaN, -1f, 254.5f, -0.5f}) {
			LabeledData notAByte = new LabeledData(new float[][] {{1, odd}}, new int[] {0}, new int[] {2});
			assertThat(Idx.compactImageType(notAByte)).as("%s", odd).isEqualTo(Idx.Type.FLOAT);
		}
	}

	@Test
	void ubyteImagesRoundTripAndTakeOneBytePerValue() throws IOException {
		Path images = dir.resolve("images");
		Path labels = dir.resolve("labels");

		Idx.write(bytes(), images, labels, Idx.compactImageType(bytes()));

		assertThat(Files.size(images)).isEqualTo(4 + 2 * 4 + 9);
		assertThat(Idx.read(images, labels)).isEqualTo(bytes());
	}

	@Test
	void everyIntegerTypeRoundTripsValuesItCanHold() throws IOException {
		LabeledData signed = new LabeledData(new float[][] {{-128, 0, 127}}, new int[] {0}, new int[] {3});
		for (Idx.Type type : new Idx.Type[] {Idx.Type.BYTE, Idx.Type.SHORT, Idx.Type.INT, Idx.Type.DOUBLE}) {
			Path images = dir.resolve("images-" + type);
			Path labels = dir.resolve("labels-" + type);

			Idx.write(signed, images, labels, type);

			assertThat(Files.readAllBytes(images)[2]).as(type.name()).isEqualTo((byte) type.code());
			assertThat(Idx.read(images, labels)).as(type.name()).isEqualTo(signed);
		}
	}

	@Test
	void writingAValueTheTypeCannotHoldFailsAndCreatesNoFile() {
		Path images = dir.resolve("images");

		assertThatThrownBy(() -> Idx.write(fractional(), images, dir.resolve("labels"), Idx.Type.UBYTE))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("0.5");
		assertThat(images).doesNotExist();
	}

	@Test
	void readsUbyteValuesAsStoredWithoutScaling() throws IOException {
		Path images = file("img", idx(0x08, new int[] {1, 2, 2}, new byte[] {0, 1, (byte) 200, (byte) 255}));
		Path labels = file("lbl", idx(0x08, new int[] {1}, new byte[] {9}));

		LabeledData d = Idx.read(images, labels);

		assertThat(d.features()[0]).containsExactly(0f, 1f, 200f, 255f);
		assertThat(d.labels()).containsExactly(9);
		assertThat(d.recordShape()).containsExactly(2, 2);
	}

	@Test
	void readsSignedBytesAndShortsWithTheirSign() throws IOException {
		Path bytes = file("b", idx(0x09, new int[] {1, 2}, new byte[] {(byte) -3, 4}));
		Path shorts = file("s", idx(0x0B, new int[] {1, 2}, new byte[] {(byte) 0xFF, (byte) 0xFE, 0x01, 0x00}));
		Path labels = file("l", idx(0x08, new int[] {1}, new byte[] {0}));

		assertThat(Idx.read(bytes, labels).features()[0]).containsExactly(-3f, 4f);
		assertThat(Idx.read(shorts, labels).features()[0]).containsExactly(-2f, 256f);
	}

	@Test
	void readsGzippedFilesWhateverTheirName() throws IOException {
		Path images = file("images.idx", gzip(Idx.imagesBytes(fractional())));
		Path labels = file("labels.gz.not", gzip(Idx.labelsBytes(fractional())));

		assertThat(Idx.read(images, labels)).isEqualTo(fractional());
	}

	@Test
	void readsAPlainFileNamedGz() throws IOException {
		Path images = file("images.gz", Idx.imagesBytes(fractional()));
		Path labels = file("labels.gz", Idx.labelsBytes(fractional()));

		assertThat(Idx.read(images, labels)).isEqualTo(fractional());
	}

	@Test
	void rejectsAFileWithoutTheLeadingZeroBytes() throws IOException {
		byte[] bad = Idx.imagesBytes(fractional());
		bad[0] = 0x50;
		Path images = file("bad", bad);
		Path labels = file("labels", Idx.labelsBytes(fractional()));

		assertThatThrownBy(() -> Idx.read(images, labels))
				.isInstanceOf(IOException.class)
				.hasMessageContaining("not an IDX file")
				.hasMessageContaining("bad");
	}

	@Test
	void rejectsAnUnknownTypeByte() throws IOException {
		Path images = file("img", idx(0x0A, new int[] {1, 1}, new byte[] {0}));
		Path labels = file("lbl", idx(0x08, new int[] {1}, new byte[] {0}));

		assertThatThrownBy(() -> Idx.read(images, labels))
				.isInstanceOf(IOException.class)
				.hasMessageContaining("0x0A");
	}

	@Test
	void rejectsTruncatedData() throws IOException {
		byte[] whole = Idx.imagesBytes(fractional());
		Path images = file("img", Arrays.copyOf(whole, whole.length - 3));
		Path labels = file("lbl", Idx.labelsBytes(fractional()));

		assertThatThrownBy(() -> Idx.read(images, labels))
				.isInstanceOf(IOException.class)
				.hasMessageContaining("truncated")
				.hasMessageContaining("record 1");
	}

	@Test
	void rejectsATruncatedGzipStream() throws IOException {
		byte[] whole = gzip(Idx.imagesBytes(fractional()));
		Path images = file("img", Arrays.copyOf(whole, whole.length / 2));
		Path labels = file("lbl", Idx.labelsBytes(fractional()));

		assertThatThrownBy(() -> Idx.read(images, labels)).isInstanceOf(IOException.class);
	}

	@Test
	void rejectsATruncatedHeader() throws IOException {
		Path images = file("img", new byte[] {0, 0, 0x08, 3, 0, 0});
		Path labels = file("lbl", Idx.labelsBytes(fractional()));

		assertThatThrownBy(() -> Idx.read(images, labels))
				.isInstanceOf(IOException.class)
				.hasMessageContaining("truncated")
				.hasMessageContaining("dimension sizes");
	}

	@Test
	void rejectsBytesAfterTheDeclaredRecords() throws IOException {
		byte[] whole = Idx.labelsBytes(fractional());
		Path images = file("img", Idx.imagesBytes(fractional()));
		Path labels = file("lbl", Arrays.copyOf(whole, whole.length + 1));

		assertThatThrownBy(() -> Idx.read(images, labels))
				.isInstanceOf(IOException.class)
				.hasMessageContaining("unexpected bytes");
	}

	@Test
	void rejectsImagesAndLabelsWithDifferentCounts() throws IOException {
		Path images = file("img", Idx.imagesBytes(fractional()));
		Path labels = file("lbl", idx(0x08, new int[] {3}, new byte[] {0, 1, 2}));

		assertThatThrownBy(() -> Idx.read(images, labels))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("count mismatch")
				.hasMessageContaining("2 records")
				.hasMessageContaining("has 3");
	}

	@Test
	void rejectsALabelsFileWithMoreThanOneDimension() throws IOException {
		Path images = file("img", Idx.imagesBytes(fractional()));
		Path labels = file("lbl", idx(0x08, new int[] {2, 1}, new byte[] {0, 1}));

		assertThatThrownBy(() -> Idx.read(images, labels))
				.isInstanceOf(IOException.class)
				.hasMessageContaining("exactly 1 dimension");
	}

	@Test
	void rejectsFractionalLabels() throws IOException {
		Path images = file("img", idx(0x08, new int[] {1, 1}, new byte[] {0}));
		Path labels = file("lbl", idx(0x0D, new int[] {1}, ByteBuffer.allocate(4).putFloat(1.5f).array()));

		assertThatThrownBy(() -> Idx.read(images, labels))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("1.5");
	}

	@Test
	void scaleDividesEveryValueAndLeavesTheInputUnchanged() {
		LabeledData d = bytes();

		LabeledData scaled = Idx.scale(d, 255f);

		assertThat(scaled.features()[0]).containsExactly(0f, 1f / 255f, 1f);
		assertThat(scaled.labels()).containsExactly(0, 1, 2);
		assertThat(d.features()[0]).containsExactly(0f, 1f, 255f);
	}

	@Test
	void scaleRejectsAZeroDivisor() {
		assertThatThrownBy(() -> Idx.scale(bytes(), 0f)).isInstanceOf(IllegalArgumentException.class);
	}
}
