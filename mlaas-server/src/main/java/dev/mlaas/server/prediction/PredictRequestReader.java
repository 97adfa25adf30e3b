package dev.mlaas.server.prediction;

import java.io.IOException;
import java.io.InputStream;

import com.fasterxml.jackson.core.io.NumberInput;

import org.springframework.http.HttpStatus;

import dev.mlaas.server.common.web.ApiException;
import dev.mlaas.server.common.web.InvalidRequestException;
import dev.mlaas.server.prediction.PredictRequest.Instances;

/**
 * Reads a {@code POST /predict} body ({@code {"modelId": 7, "instances": [[...], ...]}}) from the stream straight
 * into one row-major {@code float[]}. JSON is most of a batch's cost: Jackson's {@code float[][]} binding took
 * about 19 ms for 1,000 x 600 features, three times the forward pass. This reader takes the strict RFC 8259
 * grammar, parses short numbers exactly on a fast path and hands the rest to Jackson's correctly rounded parser,
 * and stops at the first problem, so an oversized or broken batch is refused before it is read to the end.
 */
final class PredictRequestReader {

	private static final int MAX_BUFFER = 1 << 16;

	private static final int MIN_BUFFER = 512;

	private static final int MAX_NESTING = 64;

	/** Powers of ten that a float holds exactly. */
	private static final float[] POWERS_OF_TEN = { 1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f, 1e8f, 1e9f,
			1e10f };

	private final InputStream in;

	private final byte[] buffer;

	private int position;

	private int limit;

	private long offset;

	private char[] number = new char[32];

	private int numberLength;

	private final int maxInstances;

	private final int maxFeatures;

	private float[] values = new float[256];

	private int valueCount;

	/** The body's declared length, or -1: sizes the values array once the first instance is read. */
	private final long contentLength;

	private PredictRequestReader(InputStream in, long contentLength, int maxInstances, int maxFeatures) {
		this.in = in;
		this.contentLength = contentLength;
		// a single-record request should not allocate batch-sized buffers: at 200 requests/s they were most of the
		// garbage, and young collections are the latency tail
		this.buffer = new byte[(contentLength > 0) ? (int) Math.max(MIN_BUFFER, Math.min(MAX_BUFFER, contentLength))
				: MAX_BUFFER];
		this.maxInstances = maxInstances;
		this.maxFeatures = maxFeatures;
	}

	/**
	 * Reads one request. Broken JSON is an {@code unreadable-request}, a missing or malformed field an
	 * {@code invalid-request}, and instances that are ragged, not numbers, not finite or too many are
	 * {@code instances-invalid}, each naming the instance and feature.
	 */
	static PredictRequest read(InputStream in, long contentLength, int maxInstances, int maxFeatures)
			throws IOException {
		return new PredictRequestReader(in, contentLength, maxInstances, maxFeatures).request();
	}

	private PredictRequest request() throws IOException {
		Long modelId = null;
		boolean sawModelId = false;
		Instances instances = null;
		boolean sawInstances = false;
		expect('{');
		if (peekAfterWhitespace() == '}') {
			next();
		}
		else {
			while (true) {
				skipWhitespace();
				String name = string();
				expect(':');
				skipWhitespace();
				if ("modelId".equals(name)) {
					sawModelId = duplicate(sawModelId, name);
					modelId = modelId();
				}
				else if ("instances".equals(name)) {
					sawInstances = duplicate(sawInstances, name);
					instances = instances();
				}
				else {
					skipValue(0);
				}
				int c = nextAfterWhitespace();
				if (c == '}') {
					break;
				}
				if (c != ',') {
					throw syntax("',' or '}'");
				}
			}
		}
		if (nextAfterWhitespace() != -1) {
			throw syntax("the end of the body");
		}
		if (modelId == null) {
			throw invalid("modelId: must not be null");
		}
		if (instances == null || instances.count() == 0) {
			throw invalid("instances: must not be empty");
		}
		return new PredictRequest(modelId, instances);
	}

	private boolean duplicate(boolean seen, String name) {
		if (seen) {
			throw invalid(name + ": appears more than once");
		}
		return true;
	}

	private Long modelId() throws IOException {
		if (literalIfPresent("null")) {
			return null;
		}
		int c = peek();
		if (c != '-' && !isDigit(c)) {
			skipValue(0);
			throw invalid("modelId: must be an integer");
		}
		scanNumber();
		String text = new String(this.number, 0, this.numberLength);
		try {
			return Long.parseLong(text);
		}
		catch (NumberFormatException ex) {
			throw invalid("modelId: must be an integer");
		}
	}

	private Instances instances() throws IOException {
		if (literalIfPresent("null")) {
			return null;
		}
		if (peek() != '[') {
			skipValue(0);
			throw invalid("instances: must be an array of instances, each an array of numbers");
		}
		next();
		if (peekAfterWhitespace() == ']') {
			next();
			return new Instances(new float[0], 0, 0);
		}
		int width = -1;
		int row = 0;
		while (true) {
			if (row == this.maxInstances) {
				throw new InvalidInstancesException("A request may carry at most " + this.maxInstances
						+ " instances; this one has more.")
					.with("limit", this.maxInstances);
			}
			if (peekAfterWhitespace() != '[') {
				throw new InvalidInstancesException("Instance " + row + " is not an array of numbers.")
					.with("index", row);
			}
			long rowStart = this.offset + this.position;
			next();
			int features = 0;
			if (peekAfterWhitespace() == ']') {
				next();
			}
			else {
				while (true) {
					features = separatedFeatures(features);
					skipWhitespace();
					append(feature(row, features));
					features++;
					if (features > this.maxFeatures) {
						throw new InvalidInstancesException("Instance " + row + " has more than " + this.maxFeatures
								+ " features, more than any model takes.")
							.with("index", row)
							.with("limit", this.maxFeatures);
					}
					int c = nextAfterWhitespace();
					if (c == ']') {
						break;
					}
					if (c != ',') {
						throw syntax("',' or ']'");
					}
				}
			}
			if (width < 0) {
				width = features;
				reserve(width, this.offset + this.position - rowStart);
			}
			else if (features != width) {
				throw new InvalidInstancesException("Instance " + row + " has " + features + " features; instance 0 has "
						+ width + ". Every instance must have the model's width.")
					.with("index", row);
			}
			row++;
			int c = nextAfterWhitespace();
			if (c == ']') {
				break;
			}
			if (c != ',') {
				throw syntax("',' or ']'");
			}
		}
		return new Instances(this.values, row, width);
	}

	/**
	 * Sizes the values array for the whole batch, estimated from the body's length and the first instance's: a
	 * batch of 1,000 x 600 grew through six copies of up to 2.4 MB otherwise, all of them humongous objects to G1.
	 */
	private void reserve(int width, long firstInstanceBytes) {
		if (this.contentLength <= 0 || width == 0) {
			return;
		}
		long instances = Math.min(this.maxInstances, this.contentLength / Math.max(1, firstInstanceBytes) + 1);
		long capacity = Math.min((long) width * instances, (long) width * this.maxInstances);
		if (capacity > this.values.length) {
			this.values = java.util.Arrays.copyOf(this.values, (int) capacity);
		}
	}

	private float feature(int row, int column) throws IOException {
		int c = peek();
		if (c != '-' && !isDigit(c)) {
			if (c == '"' || c == 't' || c == 'f' || c == 'n' || c == '[' || c == '{') {
				throw new InvalidInstancesException("Instance " + row + ", feature " + column + " is not a number.")
					.with("index", row)
					.with("feature", column);
			}
			throw syntax("a number");
		}
		float value = shortNumber();
		if (Float.isNaN(value)) {
			value = scanNumber();
		}
		if (!Float.isFinite(value)) {
			throw new InvalidInstancesException("Instance " + row + ", feature " + column + " is not a finite number.")
				.with("index", row)
				.with("feature", column);
		}
		return value;
	}

	private void append(float value) {
		if (this.valueCount == this.values.length) {
			this.values = java.util.Arrays.copyOf(this.values, this.values.length * 2);
		}
		this.values[this.valueCount++] = value;
	}

	/**
	 * The bulk of a batch in one loop over the buffer: features that are each followed at once by a comma, as
	 * compact JSON writes them. A single digit (bits, small counts) costs two comparisons; other short numbers go
	 * through {@link #shortNumber}. Stops before the first feature it does not take (the row's last, whitespace, a
	 * longer number, the buffer's end, or an error), which the general path then reads; returns the row's count.
	 */
	private int separatedFeatures(int features) {
		byte[] b = this.buffer;
		int p = this.position;
		int end = this.limit - 32;
		int count = features;
		while (p < end && count < this.maxFeatures) {
			int digit = b[p] - '0';
			if (digit >= 0 && digit <= 9 && b[p + 1] == ',') {
				append(digit);
				p += 2;
			}
			else {
				this.position = p;
				float value = shortNumber();
				if (Float.isNaN(value) || b[this.position] != ',') {
					break;
				}
				append(value);
				p = this.position + 1;
			}
			count++;
		}
		this.position = p;
		return count;
	}

	/**
	 * The common case in one tight loop over the buffer: a plain decimal ({@code -?digits(.digits)?}) of at most
	 * seven digits, well inside the buffer. Anything else (an exponent, more digits, a number at the
	 * buffer's end, bad syntax) answers NaN without consuming anything, and {@link #scanNumber} takes over.
	 */
	private float shortNumber() {
		int p = this.position;
		int end = this.limit - 1;
		if (end - p < 24) {
			return Float.NaN;
		}
		byte[] b = this.buffer;
		boolean negative = b[p] == '-';
		if (negative) {
			p++;
		}
		int c = b[p];
		if (c < '0' || c > '9') {
			return Float.NaN;
		}
		// counting every digit, leading zeros too, keeps the loop free of data-dependent branches: binary
		// features (0 and 1 at random) made a "first significant digit" test mispredict on every number
		int first = c;
		int mantissa = c - '0';
		int digits = 1;
		c = b[++p];
		if (c >= '0' && c <= '9' && first == '0') {
			return Float.NaN;
		}
		while (c >= '0' && c <= '9' && p < end) {
			mantissa = mantissa * 10 + (c - '0');
			digits++;
			c = b[++p];
		}
		int exponent = 0;
		if (c == '.') {
			c = b[++p];
			if (c < '0' || c > '9') {
				return Float.NaN;
			}
			while (c >= '0' && c <= '9' && p < end) {
				mantissa = mantissa * 10 + (c - '0');
				digits++;
				exponent--;
				c = b[++p];
			}
		}
		if (digits > 7) {
			return Float.NaN;
		}
		if (c == 'e' || c == 'E' || (c >= '0' && c <= '9')) {
			return Float.NaN;
		}
		this.position = p;
		float value = (exponent == 0) ? mantissa : mantissa / POWERS_OF_TEN[-exponent];
		return negative ? -value : value;
	}

	/**
	 * Scans one JSON number into {@link #number} and returns its nearest float. Up to seven significant digits
	 * and a decimal exponent within ten, the float is one exact IEEE operation (Clinger's fast path); anything
	 * else goes to Jackson's correctly rounded parser.
	 */
	private float scanNumber() throws IOException {
		this.numberLength = 0;
		boolean negative = false;
		if (peek() == '-') {
			negative = true;
			keep(next());
		}
		long mantissa = 0;
		int digits = 0;
		int exponent = 0;
		int c = peek();
		if (c == '0') {
			keep(next());
			if (isDigit(peek())) {
				throw syntax("no leading zeros in a number");
			}
		}
		else if (isDigit(c)) {
			while (isDigit(peek())) {
				int d = keep(next()) - '0';
				if (digits < 18) {
					mantissa = mantissa * 10 + d;
					if (mantissa != 0) {
						digits++;
					}
				}
				else {
					exponent++;
				}
			}
		}
		else {
			throw syntax("a digit");
		}
		if (peek() == '.') {
			keep(next());
			if (!isDigit(peek())) {
				throw syntax("a digit after '.'");
			}
			while (isDigit(peek())) {
				int d = keep(next()) - '0';
				if (digits < 18) {
					mantissa = mantissa * 10 + d;
					if (mantissa != 0) {
						digits++;
					}
					exponent--;
				}
			}
		}
		c = peek();
		if (c == 'e' || c == 'E') {
			keep(next());
			boolean negativeExponent = false;
			c = peek();
			if (c == '+' || c == '-') {
				negativeExponent = (c == '-');
				keep(next());
			}
			if (!isDigit(peek())) {
				throw syntax("a digit in the exponent");
			}
			int written = 0;
			while (isDigit(peek())) {
				written = Math.min(written * 10 + (keep(next()) - '0'), 100_000);
			}
			exponent += negativeExponent ? -written : written;
		}
		if (digits <= 7 && exponent >= -10 && exponent <= 10) {
			float value = (exponent >= 0) ? mantissa * POWERS_OF_TEN[exponent]
					: mantissa / POWERS_OF_TEN[-exponent];
			return negative ? -value : value;
		}
		return NumberInput.parseFloat(this.number, 0, this.numberLength, true);
	}

	private int keep(int c) {
		if (this.numberLength == this.number.length) {
			this.number = java.util.Arrays.copyOf(this.number, this.number.length * 2);
		}
		this.number[this.numberLength++] = (char) c;
		return c;
	}

	/** A JSON string, with escapes decoded; bytes beyond ASCII are kept as they come, which is enough for names. */
	private String string() throws IOException {
		if (next() != '"') {
			throw syntax("a string");
		}
		StringBuilder text = new StringBuilder();
		while (true) {
			int c = next();
			if (c == '"') {
				return text.toString();
			}
			if (c == -1 || c < 0x20) {
				throw syntax("the end of the string");
			}
			if (c != '\\') {
				text.append((char) c);
				continue;
			}
			int escaped = next();
			switch (escaped) {
				case '"', '\\', '/' -> text.append((char) escaped);
				case 'b' -> text.append('\b');
				case 'f' -> text.append('\f');
				case 'n' -> text.append('\n');
				case 'r' -> text.append('\r');
				case 't' -> text.append('\t');
				case 'u' -> {
					int code = 0;
					for (int i = 0; i < 4; i++) {
						int digit = Character.digit(next(), 16);
						if (digit < 0) {
							throw syntax("four hex digits after \\u");
						}
						code = code * 16 + digit;
					}
					text.append((char) code);
				}
				default -> throw syntax("an escape sequence");
			}
		}
	}

	private void skipValue(int depth) throws IOException {
		if (depth > MAX_NESTING) {
			throw syntax("at most " + MAX_NESTING + " levels of nesting");
		}
		int c = peekAfterWhitespace();
		switch (c) {
			case '"' -> string();
			case '{', '[' -> {
				next();
				int close = (c == '{') ? '}' : ']';
				if (peekAfterWhitespace() == close) {
					next();
					return;
				}
				while (true) {
					if (c == '{') {
						skipWhitespace();
						string();
						expect(':');
					}
					skipValue(depth + 1);
					int separator = nextAfterWhitespace();
					if (separator == close) {
						return;
					}
					if (separator != ',') {
						throw syntax("',' or '" + (char) close + "'");
					}
				}
			}
			case 't' -> literal("true");
			case 'f' -> literal("false");
			case 'n' -> literal("null");
			default -> {
				if (c != '-' && !isDigit(c)) {
					throw syntax("a value");
				}
				scanNumber();
			}
		}
	}

	private boolean literalIfPresent(String word) throws IOException {
		if (peek() != word.charAt(0)) {
			return false;
		}
		literal(word);
		return true;
	}

	private void literal(String word) throws IOException {
		for (int i = 0; i < word.length(); i++) {
			if (next() != word.charAt(i)) {
				throw syntax("'" + word + "'");
			}
		}
	}

	private void expect(char expected) throws IOException {
		if (nextAfterWhitespace() != expected) {
			throw syntax("'" + expected + "'");
		}
	}

	private int nextAfterWhitespace() throws IOException {
		skipWhitespace();
		return next();
	}

	private int peekAfterWhitespace() throws IOException {
		skipWhitespace();
		return peek();
	}

	private void skipWhitespace() throws IOException {
		while (true) {
			int c = peek();
			if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
				return;
			}
			this.position++;
		}
	}

	private int peek() throws IOException {
		if (this.position == this.limit && !fill()) {
			return -1;
		}
		return this.buffer[this.position] & 0xFF;
	}

	private int next() throws IOException {
		if (this.position == this.limit && !fill()) {
			return -1;
		}
		return this.buffer[this.position++] & 0xFF;
	}

	private boolean fill() throws IOException {
		this.offset += this.limit;
		this.position = 0;
		this.limit = 0;
		int read = this.in.read(this.buffer, 0, this.buffer.length);
		if (read <= 0) {
			return false;
		}
		this.limit = read;
		return true;
	}

	private static boolean isDigit(int c) {
		return c >= '0' && c <= '9';
	}

	private ApiException syntax(String expected) {
		long at = this.offset + this.position;
		return new ApiException(HttpStatus.BAD_REQUEST, "unreadable-request", "Unreadable request body",
				"The request body is not valid JSON: expected " + expected + " near byte " + at + ".")
			.with("byteOffset", at);
	}

	private static InvalidRequestException invalid(String error) {
		return new InvalidRequestException("invalid-request", "Invalid request", error);
	}

}
