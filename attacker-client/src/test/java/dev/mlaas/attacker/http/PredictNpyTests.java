package dev.mlaas.attacker.http;

import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class PredictNpyTests {

	@Test
	void bitsAndPixelsGoOutAsUint8WithTheSameValues() {
		float[][] instances = { { 0, 1, 1, 0 }, { 255, 0, 7, 1 } };

		byte[] npy = PredictNpy.instances(instances);

		assertThat(TestNpy.isUint8(npy)).isTrue();
		assertThat(TestNpy.read(npy)).isDeepEqualTo(instances);
		assertThat(npy.length).isEqualTo(128 + 8);
	}

	@Test
	void anythingElseGoesOutAsFloat32BitForBit() {
		Random random = new Random(3);
		float[][] instances = new float[50][20];
		for (float[] row : instances) {
			for (int f = 0; f < row.length; f++) {
				row[f] = (float) random.nextGaussian();
			}
		}
		instances[7][3] = 1e-40f;
		for (float odd : new float[] { -0f, 256f, 0.5f, -1f }) {
			float[][] almostBytes = { { 0, 1, odd } };
			byte[] npy = PredictNpy.instances(almostBytes);
			assertThat(TestNpy.isUint8(npy)).as("%s", odd).isFalse();
			assertThat(Float.floatToRawIntBits(TestNpy.read(npy)[0][2])).isEqualTo(Float.floatToRawIntBits(odd));
		}

		assertThat(TestNpy.read(PredictNpy.instances(instances))).isDeepEqualTo(instances);
	}

	@Test
	void raggedOrEmptyBatchesCannotBeWritten() {
		assertThatIllegalArgumentException().isThrownBy(() -> PredictNpy.instances(new float[][] { { 1, 2 }, { 1 } }));
		assertThatIllegalArgumentException().isThrownBy(() -> PredictNpy.instances(new float[0][]));
	}

	@Test
	void posteriorsAreReadFromTheServicesFloat32Array() {
		float[][] posteriors = { { 0.25f, 0.75f }, { 1e-9f, 1f - 1e-9f }, { 0.5f, 0.5f } };

		assertThat(PredictNpy.posteriors(TestNpy.float32(posteriors))).isDeepEqualTo(posteriors);
	}

	@Test
	void anAnswerThatIsNotWhatTheServicePromisesIsAnError() {
		byte[] answer = TestNpy.float32(new float[][] { { 0.25f, 0.75f } });
		assertThatIllegalStateException()
			.isThrownBy(() -> PredictNpy.posteriors(java.util.Arrays.copyOf(answer, answer.length - 1)))
			.withMessageContaining("announces 1 x 2 floats");
		assertThatIllegalStateException().isThrownBy(() -> PredictNpy.posteriors("{\"predictions\":[]}".getBytes()))
			.withMessageContaining("not a version 1 .npy");
		assertThatIllegalStateException()
			.isThrownBy(() -> PredictNpy.posteriors(PredictNpy.instances(new float[][] { { 1, 0 } })))
			.withMessageContaining("not a 2-D float32 array");
		// shapes no answer can have: an error of the same kind, not a NumberFormatException or an int overflow
		assertThatIllegalStateException().isThrownBy(() -> PredictNpy.posteriors(withShape("(9999999999, 2)")));
		assertThatIllegalStateException().isThrownBy(() -> PredictNpy.posteriors(withShape("(999999999, 999999999)")))
			.withMessageContaining("announces");
	}

	/** An answer of 8 bytes of data whose header claims the given shape. */
	private static byte[] withShape(String shape) {
		String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }";
		java.nio.ByteBuffer npy = java.nio.ByteBuffer.allocate(128 + 8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
		npy.put(new byte[] { (byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0 }).putShort((short) (128 - 10));
		npy.put(dict.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
		while (npy.position() < 127) {
			npy.put((byte) ' ');
		}
		return npy.put((byte) '\n').array();
	}

}
