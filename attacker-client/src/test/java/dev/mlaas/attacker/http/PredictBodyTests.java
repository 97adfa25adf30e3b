package dev.mlaas.attacker.http;

import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PredictBodyTests {

	private static final ObjectMapper JSON = new ObjectMapper();

	@Test
	void everyFeatureReadsBackAsTheSameFloat() throws Exception {
		Random random = new Random(3);
		float[][] instances = new float[200][];
		for (int row = 0; row < instances.length; row++) {
			instances[row] = new float[25];
			for (int f = 0; f < 25; f++) {
				instances[row][f] = switch (random.nextInt(7)) {
					case 0 -> 0f;
					case 1 -> 1f;
					case 2 -> -0f;
					case 3 -> random.nextInt(512) - 256;
					case 4 -> random.nextInt(256) / 255f;
					case 5 -> Float.intBitsToFloat(random.nextInt()) % 1e30f;
					default -> (float) random.nextGaussian();
				};
				if (!Float.isFinite(instances[row][f])) {
					instances[row][f] = 2.5f;
				}
			}
		}

		JsonNode body = JSON.readTree(PredictBody.of(42, instances));

		assertThat(body.get("modelId").asLong()).isEqualTo(42);
		float[][] back = JSON.treeToValue(body.get("instances"), float[][].class);
		for (int row = 0; row < instances.length; row++) {
			for (int f = 0; f < 25; f++) {
				assertThat(Float.floatToRawIntBits(back[row][f])).as("%s", instances[row][f])
					.isEqualTo(Float.floatToRawIntBits(instances[row][f]));
			}
		}
	}

	@Test
	void bitsGoOutAsSingleDigits() {
		String body = new String(PredictBody.of(7, new float[][] { { 1f, 0f, 1f }, { 0f, 0f, 1f } }),
				java.nio.charset.StandardCharsets.US_ASCII);

		assertThat(body).isEqualTo("{\"modelId\":7,\"instances\":[[1,0,1],[0,0,1]]}");
	}

	@Test
	void bodiesFarLongerThanTwoBytesAFeatureGrowAsTheyAreWritten() throws Exception {
		float[][] longNumbers = new float[300][40];
		for (float[] row : longNumbers) {
			java.util.Arrays.fill(row, -1.23456789e-30f);
		}
		float[][] emptyRows = new float[1000][0];

		float[][] back = JSON.treeToValue(JSON.readTree(PredictBody.of(1, longNumbers)).get("instances"),
				float[][].class);
		JsonNode empty = JSON.readTree(PredictBody.of(1, emptyRows)).get("instances");

		assertThat(back).isDeepEqualTo(longNumbers);
		assertThat(empty).hasSize(1000).allSatisfy((row) -> assertThat(row).isEmpty());
		assertThat(new String(PredictBody.of(1, new float[0][]), java.nio.charset.StandardCharsets.US_ASCII))
			.isEqualTo("{\"modelId\":1,\"instances\":[]}");
	}

}
