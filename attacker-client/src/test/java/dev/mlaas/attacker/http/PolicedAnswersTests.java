package dev.mlaas.attacker.http;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The answers an output policy leaves, as the service writes them, read as vectors of the model's width. */
class PolicedAnswersTests {

	private static byte[] npy(String descr, String shape, ByteBuffer data) {
		String dict = "{'descr': " + descr + ", 'fortran_order': False, 'shape': " + shape + ", }";
		int length = (10 + dict.length() + 1 + 63) / 64 * 64;
		ByteBuffer out = ByteBuffer.allocate(length + data.position()).order(ByteOrder.LITTLE_ENDIAN);
		out.put(new byte[] { (byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0 }).putShort((short) (length - 10));
		out.put(dict.getBytes(StandardCharsets.US_ASCII));
		while (out.position() < length - 1) {
			out.put((byte) ' ');
		}
		out.put((byte) '\n').put(data.array(), 0, data.position());
		return out.array();
	}

	@Test
	void topKKeepsItsPosteriorsInTheirClassesAndTheOthersAtZero() {
		ByteBuffer data = ByteBuffer.allocate(2 * 16).order(ByteOrder.LITTLE_ENDIAN);
		data.putInt(3).putInt(0).putFloat(0.7f).putFloat(0.2f);
		data.putInt(1).putInt(2).putFloat(0.5f).putFloat(0.4f);
		byte[] body = npy("[('classes', '<i4', (2,)), ('posteriors', '<f4', (2,))]", "(2,)", data);
		float[][] answers = PredictNpy.answers(body, "top-k:2", 4);
		assertThat(answers).isDeepEqualTo(new float[][] { { 0.2f, 0, 0, 0.7f }, { 0, 0.5f, 0.4f, 0 } });
	}

	@Test
	void labelOnlyIsOneForThePredictedClass() {
		ByteBuffer data = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(2).putInt(0);
		float[][] answers = PredictNpy.answers(npy("'<i4'", "(2,)", data), "label-only", 3);
		assertThat(answers).isDeepEqualTo(new float[][] { { 0, 0, 1 }, { 1, 0, 0 } });
	}

	@Test
	void anAnswerOfAnotherShapeOrAClassOutOfRangeIsAnError() {
		ByteBuffer data = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(5).putInt(0);
		assertThatThrownBy(() -> PredictNpy.answers(npy("'<i4'", "(2,)", data), "label-only", 3))
			.hasMessageContaining("names class 5 of 3");
		assertThatThrownBy(() -> PredictNpy.answers(npy("'<i4'", "(2,)", data), "top-k:2", 3))
			.hasMessageContaining("not what top-k:2 leaves");
	}

	@Test
	void aPolicySpecIsWhatPatchTakes() {
		assertThat(OutputPolicySpec.toJson("top-k:3")).containsEntry("type", "top-k").containsEntry("k", 3);
		assertThat(OutputPolicySpec.toJson("rounding:2")).containsEntry("decimals", 2);
		assertThat(OutputPolicySpec.largestKept("top-k:5", 3)).isEqualTo(3);
		assertThat(OutputPolicySpec.largestKept("label-only", 3)).isZero();
		assertThatThrownBy(() -> OutputPolicySpec.toJson("top-k:x")).hasMessageContaining("top-k:K");
	}

}
