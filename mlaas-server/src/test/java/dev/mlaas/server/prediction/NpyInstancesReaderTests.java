package dev.mlaas.server.prediction;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;

import dev.mlaas.server.TestNpy;
import dev.mlaas.server.common.web.ApiException;
import dev.mlaas.server.prediction.PredictRequest.Instances;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NpyInstancesReaderTests {

	private static final float[][] ROWS = { { 0.5f, -1.25f, 3e-7f }, { 7f, 0f, Float.MIN_VALUE } };

	@Test
	void float32ArraysAreReadBitForBit() throws IOException {
		Instances instances = read(TestNpy.float32(ROWS));
		assertThat(instances.count()).isEqualTo(2);
		assertThat(instances.width()).isEqualTo(3);
		assertThat(instances.values()).containsExactly(0.5f, -1.25f, 3e-7f, 7f, 0f, Float.MIN_VALUE);
	}

	@Test
	void float64UInt8AndBoolArraysBecomeTheSameFloats() throws IOException {
		ByteBuffer doubles = ByteBuffer.allocate(6 * 8).order(ByteOrder.LITTLE_ENDIAN);
		for (double value : new double[] { 0.1, 2, 3, 4, 5, 6 }) {
			doubles.putDouble(value);
		}
		assertThat(read(TestNpy.array("<f8", "(2, 3)", doubles.array())).values()).containsExactly(0.1f, 2f, 3f, 4f,
				5f, 6f);
		assertThat(read(TestNpy.array("|u1", "(1, 3)", new byte[] { 0, 1, (byte) 255 })).values()).containsExactly(0f,
				1f, 255f);
		assertThat(read(TestNpy.array("|b1", "(1, 3)", new byte[] { 1, 0, 1 })).values()).containsExactly(1f, 0f, 1f);
	}

	@Test
	void trailingDimensionsAreFlattenedIntoOneInstanceInCOrder() throws IOException {
		Instances images = read(TestNpy.array("|u1", "(2, 2, 2)", new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }));
		assertThat(images.count()).isEqualTo(2);
		assertThat(images.width()).isEqualTo(4);
		assertThat(images.values()).containsExactly(1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f);
	}

	@Test
	void versionsTwoAndThreeHaveFourByteHeaderLengths() throws IOException {
		String dict = "{'descr': '|u1', 'fortran_order': False, 'shape': (1, 2), }";
		assertThat(read(TestNpy.array(2, dict, new byte[] { 1, 0 })).values()).containsExactly(1f, 0f);
		assertThat(read(TestNpy.array(3, dict, new byte[] { 0, 1 })).values()).containsExactly(0f, 1f);
	}

	@Test
	void anArrayTheServiceWroteReadsBackAsTheSameFloats() throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		Npy.writeFloat32(ROWS, 3, out);
		byte[] written = out.toByteArray();
		// numpy's layout: the data starts at a multiple of 64 bytes, after a header that ends in a newline
		int dataStart = written.length - 2 * 3 * 4;
		assertThat(dataStart % 64).isZero();
		assertThat(written[dataStart - 1]).isEqualTo((byte) '\n');
		assertThat(10 + (written[8] & 0xff) + ((written[9] & 0xff) << 8)).isEqualTo(dataStart);
		assertThat(TestNpy.readFloat32(written, 2, 3)).isDeepEqualTo(ROWS);
		assertThat(read(written).values()).containsExactly(0.5f, -1.25f, 3e-7f, 7f, 0f, Float.MIN_VALUE);
	}

	@Test
	void valuesTheModelCannotTakeNameTheirInstanceAndFeature() {
		float[][] rows = { { 1, 2 }, { 3, Float.NaN } };
		assertThatThrownBy(() -> read(TestNpy.float32(rows))).isInstanceOf(InvalidInstancesException.class)
			.hasMessageContaining("Instance 1, feature 1 is not a finite number")
			.extracting(ex -> ((ApiException) ex).properties())
			.hasFieldOrPropertyWithValue("index", 1)
			.hasFieldOrPropertyWithValue("feature", 1);
		ByteBuffer huge = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putDouble(1).putDouble(1e300);
		assertThatThrownBy(() -> read(TestNpy.array("<f8", "(1, 2)", huge.array())))
			.hasMessageContaining("Instance 0, feature 1 is not a finite number");
		assertThatThrownBy(() -> read(TestNpy.array("|b1", "(1, 2)", new byte[] { 1, 2 })))
			.hasMessageContaining("Instance 0, feature 1 is not a boolean");
	}

	@Test
	void limitsAreCheckedFromTheHeaderBeforeAnyDataIsRead() {
		// the headers announce far more data than the bodies hold: the limit must answer, not the missing bytes
		assertThatThrownBy(() -> read(TestNpy.array("<f4", "(1001, 3)", new byte[0])))
			.isInstanceOf(InvalidInstancesException.class)
			.hasMessageContaining("at most 1000 instances");
		assertThatThrownBy(() -> read(TestNpy.array("<f4", "(2, 100000)", new byte[0])))
			.isInstanceOf(InvalidInstancesException.class)
			.hasMessageContaining("more than any model takes");
		assertThatThrownBy(() -> read(TestNpy.array("<f4", "(2, 9223372036854775807, 9223372036854775807)",
				new byte[0])))
			.hasMessageContaining("more than any model takes");
		assertThatThrownBy(() -> read(TestNpy.array("<f4", "(0, 3)", new byte[0])))
			.hasMessageContaining("must not be empty");
		assertThatThrownBy(() -> read(TestNpy.array("<f4", "(3,)", new byte[12])))
			.hasMessageContaining("1 dimension(s)");
	}

	@Test
	void brokenArraysAreUnreadableRequests() {
		assertUnreadable("not an array at all".getBytes(), "magic string");
		assertUnreadable(TestNpy.array("<f4", "(2, 3)", new byte[20]), "the body has 20");
		assertUnreadable(TestNpy.array("|u1", "(1, 3)", new byte[4]), "goes on after");
		assertUnreadable(TestNpy.array(">f4", "(1, 1)", new byte[4]), "'>f4' is not supported");
		assertUnreadable(TestNpy.array("<i8", "(1, 1)", new byte[8]), "'<i8' is not supported");
		assertUnreadable(TestNpy.array("", "(1, 1)", new byte[4]), "'' is not supported");
		assertUnreadable(TestNpy.array(1, "{'descr': '<f4', 'fortran_order': True, 'shape': (1, 1), }", new byte[4]),
				"Fortran-order");
		assertUnreadable(TestNpy.array(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1, x), }", new byte[4]),
				"not a tuple of integers");
		assertUnreadable(TestNpy.array(1, "{'descr': '<f4', 'fortran_order': False}", new byte[4]), "'shape'");
		byte[] future = TestNpy.array("<f4", "(1, 1)", new byte[4]);
		future[6] = 4;
		assertUnreadable(future, "version 4");
		byte[] longHeader = TestNpy.array("<f4", "(1, 1)", new byte[4]);
		longHeader[8] = (byte) 0xff;
		longHeader[9] = (byte) 0x7f;
		assertUnreadable(longHeader, "at most 4096");
	}

	private static void assertUnreadable(byte[] body, String detail) {
		assertThatThrownBy(() -> read(body)).isInstanceOf(ApiException.class)
			.hasMessageContaining(detail)
			.extracting(ex -> ((ApiException) ex).type().toString())
			.isEqualTo("https://mlaas.dev/problems/unreadable-request");
	}

	@Test
	void aDeclaredBodyLengthThatDisagreesWithTheHeaderIsRefusedBeforeTheDataIsRead() {
		byte[] body = TestNpy.float32(ROWS);
		assertThatThrownBy(() -> NpyInstancesReader.read(new ByteArrayInputStream(body), body.length - 4, 1000, 10))
			.hasMessageContaining("announces 24 bytes of data; the body has 20");
		assertThatThrownBy(() -> NpyInstancesReader.read(new ByteArrayInputStream(body), body.length + 4, 1000, 10))
			.hasMessageContaining("the body has 28");
	}

	@Test
	void aBodyOfUnknownLengthIsReadWhateverItsSize() throws IOException {
		float[][] rows = new float[1000][300];
		for (int i = 0; i < rows.length; i++) {
			rows[i][i % 300] = i;
		}
		Instances instances = NpyInstancesReader.read(new ByteArrayInputStream(TestNpy.float32(rows)), -1, 1000,
				10_000);
		assertThat(instances.count()).isEqualTo(1000);
		assertThat(instances.values()).hasSize(300_000);
		assertThat(instances.values()[999 * 300 + 999 % 300]).isEqualTo(999f);
	}

	@Test
	void aBodyThatStopsShortOfItsHeaderCostsTheServiceOnlyWhatArrived() {
		// 1,000 x 10,000 uint8 announced (40 MB as floats) and Content-Length to match, then 100 bytes of data
		byte[] header = TestNpy.array("|u1", "(1000, 10000)", new byte[0]);
		byte[] body = java.util.Arrays.copyOf(header, header.length + 100);
		var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
		long before = threads.getCurrentThreadAllocatedBytes();
		assertThatThrownBy(() -> NpyInstancesReader.read(new ByteArrayInputStream(body), header.length + 10_000_000L,
				1000, 10_000))
			.hasMessageContaining("the body has 100");
		assertThat(threads.getCurrentThreadAllocatedBytes() - before).isLessThan(2_000_000);
	}

	private static Instances read(byte[] body) throws IOException {
		return NpyInstancesReader.read(new ByteArrayInputStream(body), -1, 1000, 10_000);
	}

}
