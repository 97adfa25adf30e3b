package dev.mlaas.server.prediction;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FloatFormatTests {

	@Test
	void everyFloatReadsBackAsItself() {
		SplittableRandom random = new SplittableRandom(11);
		for (int i = 0; i < 3_000_000; i++) {
			float value = switch (i % 3) {
				case 0 -> Float.intBitsToFloat(random.nextInt());
				case 1 -> random.nextFloat();
				default -> (float) Math.exp(-random.nextDouble(0, 100));
			};
			if (Float.isFinite(value)) {
				assertRoundTrip(value);
			}
		}
		for (float edge : new float[] { Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE, 1e-3f, 0.00099999994f,
				9999999f, 1e7f, 0.1f, 1f / 3, 2f / 3, 0.9999999f, 1e-45f, 3e-39f, 16777216f, -0f }) {
			assertRoundTrip(edge);
			assertRoundTrip(-edge);
		}
		// every float in one binade near 1, and every float with a nine-digit tie near 1e-3
		for (int bits = Float.floatToIntBits(1f); bits < Float.floatToIntBits(1.001f); bits++) {
			assertRoundTrip(Float.intBitsToFloat(bits));
		}
		for (int bits = Float.floatToIntBits(0.000999f); bits < Float.floatToIntBits(0.001001f); bits++) {
			assertRoundTrip(Float.intBitsToFloat(bits));
		}
	}

	@Test
	void roundValuesStayShortAndTheNotationFollowsJava() {
		assertThat(format(0f)).isEqualTo("0.0");
		assertThat(format(-0f)).isEqualTo("-0.0");
		assertThat(format(1f)).isEqualTo("1.0");
		assertThat(format(0.5f)).isEqualTo("0.5");
		assertThat(format(0.25f)).isEqualTo("0.25");
		assertThat(format(-12.5f)).isEqualTo("-12.5");
		assertThat(format(1500f)).isEqualTo("1500.0");
		assertThat(format(0.001953125f)).isEqualTo("0.001953125");
		assertThat(format(0.00048828125f)).isEqualTo("4.8828125E-4");
		assertThat(format(1e7f)).isEqualTo("1.0E7");
		assertThat(format(1.5e-20f)).isEqualTo("1.49999995E-20");
		assertThat(format(Float.MIN_VALUE)).endsWith("E-45");
	}

	private static void assertRoundTrip(float value) {
		String text = format(value);
		assertThat(Float.floatToRawIntBits(Float.parseFloat(text))).as("%s written as %s", value, text)
			.isEqualTo(Float.floatToRawIntBits(value));
		assertThat(text.length()).isLessThanOrEqualTo(FloatFormat.MAX_LENGTH);
	}

	private static String format(float value) {
		byte[] out = new byte[FloatFormat.MAX_LENGTH];
		int end = FloatFormat.write(value, out, 0);
		return new String(out, 0, end, StandardCharsets.US_ASCII);
	}

}
