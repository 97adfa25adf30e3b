package dev.mlaas.server.prediction;

/**
 * Writes a float as a JSON number with nine significant digits (fewer when they end in zeros), which always reads
 * back as the same float. Shortest-digit algorithms (Schubfach, as Jackson uses) spend most of their time finding
 * the shortest form; here that search took about 12 ms of a 1,000 x 100 posterior batch, more than the forward pass.
 * Nine digits cost one double multiplication and a few integer divisions.
 * <p>
 * Why nine digits are enough even when the double arithmetic is off by one in the last digit: nine digits put the
 * written value within 1.5e-8 of the float, relatively, while the nearest other float is at least 5.9e-8 away
 * (half of that, 3e-8, decides which float a decimal reads back as).
 */
final class FloatFormat {

	/** The longest output: sign, nine digits, point, "E-45". */
	static final int MAX_LENGTH = 16;

	private static final int POWERS_OFFSET = 40;

	/** 10^(k - POWERS_OFFSET) for k in [0, 100): the scale factors for every float's nine digits. */
	private static final double[] POWERS = new double[100];

	/** "00" to "99", two bytes each. */
	private static final byte[] PAIRS = new byte[200];

	static {
		for (int pair = 0; pair < 100; pair++) {
			PAIRS[2 * pair] = (byte) ('0' + pair / 10);
			PAIRS[2 * pair + 1] = (byte) ('0' + pair % 10);
		}
		for (int k = 0; k < POWERS.length; k++) {
			POWERS[k] = Double.parseDouble("1e" + (k - POWERS_OFFSET));
		}
	}

	private FloatFormat() {
	}

	/** Writes a finite float into {@code out} at {@code at} and returns the position after it. */
	static int write(float value, byte[] out, int at) {
		int p = at;
		if (Float.floatToRawIntBits(value) < 0) {
			out[p++] = '-';
			value = -value;
		}
		if (value == 0f) {
			return ascii("0.0", out, p);
		}
		double magnitude = value;
		// floor(log10(magnitude)), or one less: corrected below. floor(e * log10(2)) in integers, exact for every
		// exponent a float has
		int exponent = (Math.getExponent(magnitude) * 78913) >> 18;
		int digits = (int) Math.round(magnitude * POWERS[8 - exponent + POWERS_OFFSET]);
		if (digits >= 1_000_000_000) {
			exponent++;
			digits = (int) Math.round(magnitude * POWERS[8 - exponent + POWERS_OFFSET]);
		}
		int count = 9;
		while (digits % 10 == 0) {
			digits /= 10;
			count--;
		}
		if (exponent >= -3 && exponent < 7) {
			return plain(digits, count, exponent, out, p);
		}
		// computerized scientific notation, as Java and Jackson write such floats: 1.2345E-5
		p = plain(digits, count, 0, out, p);
		out[p++] = 'E';
		if (exponent < 0) {
			out[p++] = '-';
			exponent = -exponent;
		}
		if (exponent >= 10) {
			out[p++] = (byte) ('0' + exponent / 10);
		}
		out[p++] = (byte) ('0' + exponent % 10);
		return p;
	}

	/** {@code digits} (of which there are {@code count}) times 10^(exponent - count + 1), with a decimal point. */
	private static int plain(int digits, int count, int exponent, byte[] out, int at) {
		int p = at;
		if (exponent < 0) {
			out[p++] = '0';
			out[p++] = '.';
			for (int i = -1; i > exponent; i--) {
				out[p++] = '0';
			}
			return digits(digits, count, out, p);
		}
		int integerDigits = exponent + 1;
		if (count <= integerDigits) {
			p = digits(digits, count, out, p);
			for (int i = count; i < integerDigits; i++) {
				out[p++] = '0';
			}
			return ascii(".0", out, p);
		}
		// digits with the point after the first integerDigits of them
		int end = digits(digits, count, out, p);
		System.arraycopy(out, p + integerDigits, out, p + integerDigits + 1, count - integerDigits);
		out[p + integerDigits] = '.';
		return end + 1;
	}

	/** Writes {@code digits}, which has exactly {@code count} digits, two at a time: half the divisions. */
	private static int digits(int digits, int count, byte[] out, int at) {
		int rest = digits;
		int i = at + count;
		while (rest >= 100) {
			int quotient = rest / 100;
			int pair = (rest - quotient * 100) << 1;
			out[--i] = PAIRS[pair + 1];
			out[--i] = PAIRS[pair];
			rest = quotient;
		}
		if (rest >= 10) {
			out[--i] = PAIRS[(rest << 1) + 1];
			out[--i] = PAIRS[rest << 1];
		}
		else {
			out[--i] = (byte) ('0' + rest);
		}
		return at + count;
	}

	private static int ascii(String text, byte[] out, int at) {
		for (int i = 0; i < text.length(); i++) {
			out[at + i] = (byte) text.charAt(i);
		}
		return at + text.length();
	}

}
