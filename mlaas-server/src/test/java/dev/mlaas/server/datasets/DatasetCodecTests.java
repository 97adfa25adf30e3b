package dev.mlaas.server.datasets;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Random;
import java.util.zip.DeflaterOutputStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DatasetCodecTests {

	@Test
	void recordsComeBackExactly() {
		Records records = records(300, new int[] { 7, 5 });

		Records back = DatasetCodec.decode(DatasetCodec.encode(records));

		assertThat(back.features()).isEqualTo(records.features());
		assertThat(back.labels()).isEqualTo(records.labels());
		assertThat(back.recordShape()).isEqualTo(records.recordShape());
	}

	@Test
	void datasetsStoredByTheEarlierStreamEncoderStillDecode() throws IOException {
		Records records = records(120, new int[] { 11 });
		ByteArrayOutputStream stored = new ByteArrayOutputStream();
		try (DataOutputStream out = new DataOutputStream(new DeflaterOutputStream(stored))) {
			out.writeInt(1);
			out.writeInt(records.size());
			out.writeInt(1);
			out.writeInt(11);
			for (float value : records.features()) {
				out.writeFloat(value);
			}
			for (int label : records.labels()) {
				out.writeInt(label);
			}
		}

		Records back = DatasetCodec.decode(stored.toByteArray());

		assertThat(back.features()).isEqualTo(records.features());
		assertThat(back.labels()).isEqualTo(records.labels());
		assertThat(back.recordShape()).containsExactly(11);
	}

	private static Records records(int size, int[] shape) {
		Random random = new Random(4);
		int width = java.util.Arrays.stream(shape).reduce(1, Math::multiplyExact);
		float[] features = new float[size * width];
		for (int i = 0; i < features.length; i++) {
			features[i] = (i % 3 == 0) ? random.nextInt(2) : (float) random.nextGaussian();
		}
		return new Records(features, random.ints(size, 0, 10).toArray(), shape);
	}

}
