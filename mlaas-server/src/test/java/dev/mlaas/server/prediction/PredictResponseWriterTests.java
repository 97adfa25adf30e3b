package dev.mlaas.server.prediction;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;

import dev.mlaas.server.models.OutputPolicy;

import static org.assertj.core.api.Assertions.assertThat;

class PredictResponseWriterTests {

	private static final String CHARGE = "5d0f3c1e-8a4b-4d2c-9e7f-0a1b2c3d4e5f";

	@Test
	void writesWhatJacksonWritesButForTheDigitsOfEachFloat() throws IOException {
		Random random = new Random(7);
		float[][] predictions = new float[300][];
		for (int row = 0; row < predictions.length; row++) {
			predictions[row] = new float[1 + random.nextInt(12)];
			for (int c = 0; c < predictions[row].length; c++) {
				predictions[row][c] = switch (random.nextInt(6)) {
					case 0 -> 0f;
					case 1 -> 1f;
					case 2 -> Float.MIN_VALUE * random.nextInt(1000);
					case 3 -> (float) Math.exp(-random.nextInt(100));
					default -> random.nextFloat();
				};
			}
		}
		predictions[5][0] = Float.NaN;
		PredictResponse response = PredictResponse.of(42, OutputPolicy.FULL, predictions, 300, new BigDecimal("0.300"), CHARGE);
		ObjectMapper jackson = JsonMapper.builder().build();

		ByteArrayOutputStream out = new ByteArrayOutputStream();
		PredictResponseWriter.write(response, out);

		JsonNode written = jackson.readTree(out.toByteArray());
		JsonNode expected = jackson.readTree(jackson.writeValueAsString(response));
		assertThat(fieldNames(written)).isEqualTo(fieldNames(expected));
		assertThat(written.get("predictions").get(5).get(0).asText()).isEqualTo("NaN");
		PredictResponse back = jackson.readValue(out.toByteArray(), PredictResponse.class);
		assertThat(back.modelId()).isEqualTo(42);
		assertThat(back.queries()).isEqualTo(300);
		assertThat(back.credits()).isEqualTo(new BigDecimal("0.300"));
		assertThat(back.chargeId()).isEqualTo(CHARGE);
		for (int row = 0; row < predictions.length; row++) {
			for (int c = 0; c < predictions[row].length; c++) {
				assertThat(Float.floatToIntBits(back.predictions()[row][c]))
					.isEqualTo(Float.floatToIntBits(predictions[row][c]));
			}
		}
	}

	private static java.util.List<String> fieldNames(JsonNode node) {
		java.util.List<String> names = new java.util.ArrayList<>();
		node.fieldNames().forEachRemaining(names::add);
		return names;
	}

	@Test
	void largeResponsesSurviveTheBufferBoundaries() throws IOException {
		float[][] predictions = new float[1000][100];
		for (float[] row : predictions) {
			java.util.Arrays.fill(row, 0.012345678f);
		}
		PredictResponse response = PredictResponse.of(1, OutputPolicy.FULL, predictions, 1000, new BigDecimal("1.000"),
				CHARGE);

		ByteArrayOutputStream out = new ByteArrayOutputStream();
		PredictResponseWriter.write(response, out);

		PredictResponse back = new ObjectMapper().readValue(out.toByteArray(), PredictResponse.class);
		assertThat(back.predictions()).isDeepEqualTo(predictions);
		assertThat(back.credits()).isEqualByComparingTo("1");
	}

}
