package dev.mlaas.server.prediction;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.mlaas.server.common.web.ApiException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

class PredictRequestReaderTests {

	@Test
	void everyNumberReadsAsTheFloatJavaParsesFromTheSameText() throws IOException {
		Random random = new Random(42);
		StringBuilder row = new StringBuilder("[");
		java.util.List<String> texts = new java.util.ArrayList<>();
		for (int i = 0; i < 20_000; i++) {
			float value = Float.intBitsToFloat(random.nextInt());
			if (!Float.isFinite(value)) {
				continue;
			}
			double small = random.nextGaussian() * Math.pow(10, random.nextInt(12) - 6);
			String[] forms = { Float.toString(value).replace("E", "e"), Integer.toString(random.nextInt(2000) - 1000),
					String.format(Locale.ROOT, "%.9g", small), String.format(Locale.ROOT, "%.3f", small),
					String.format(Locale.ROOT, "%.2E", small), "0", "-0", "1.0", "0.5", "123456.7", "1234567",
					"16777217", "0.1", "3.4028235e38", "1.4e-45", "1e-46" };
			String text = forms[random.nextInt(forms.length)];
			texts.add(text);
			row.append((row.length() > 1) ? "," : "").append(text);
		}
		PredictRequest request = read("{\"modelId\": 3, \"instances\": [" + row + "]]}");

		assertThat(request.instances().count()).isEqualTo(1);
		assertThat(request.instances().width()).isEqualTo(texts.size());
		for (int i = 0; i < texts.size(); i++) {
			float expected = Float.parseFloat(texts.get(i));
			assertThat(Float.floatToRawIntBits(request.instances().values()[i])).as(texts.get(i))
				.isEqualTo(Float.floatToRawIntBits(expected));
		}
	}

	@Test
	void instancesComeBackRowMajorWhateverTheKeyOrderAndWhitespace() throws IOException {
		PredictRequest request = read(" {\n\t\"instances\" : [ [1, 2.5 ,-3e0] ,\r\n[4,5,6] ] ,"
				+ "\"comment\": {\"nested\": [true, false, null, \"a \\\"quoted\\\" \\u00e9\"]}, \"modelId\":12 } ");

		assertThat(request.modelId()).isEqualTo(12);
		assertThat(request.instances().count()).isEqualTo(2);
		assertThat(request.instances().width()).isEqualTo(3);
		assertThat(values(request)).containsExactly(1f, 2.5f, -3f, 4f, 5f, 6f);
	}

	@Test
	void aBatchReadsTheSameWhateverLengthTheBodyDeclares() throws IOException {
		Random random = new Random(5);
		StringBuilder body = new StringBuilder("{\"modelId\": 1, \"instances\": [");
		for (int row = 0; row < 300; row++) {
			body.append((row > 0) ? "," : "").append('[');
			for (int f = 0; f < 7; f++) {
				body.append((f > 0) ? "," : "").append(random.nextInt(3) - 1).append('.').append(random.nextInt(100));
			}
			body.append(']');
		}
		String json = body.append("]}").toString();

		float[] declared = values(PredictRequestReader.read(stream(json), json.length(), 1000, 100));
		float[] unknown = values(PredictRequestReader.read(stream(json), -1, 1000, 100));
		float[] understated = values(PredictRequestReader.read(stream(json), 100, 1000, 100));

		assertThat(declared).hasSize(300 * 7).isEqualTo(unknown).isEqualTo(understated);
	}

	@Test
	void compactRowsReadTheSameInOneReadAsInSmallOnes() throws IOException {
		Random random = new Random(8);
		String[] forms = { "0", "1", "7", "-1", "-0", "0.25", "12", "1.5e3", "0.000123", "123456789", "1e-46",
				"3.4028235e38" };
		StringBuilder body = new StringBuilder("{\"modelId\":1,\"instances\":[");
		java.util.List<String> texts = new java.util.ArrayList<>();
		for (int row = 0; row < 400; row++) {
			body.append((row > 0) ? "," : "").append('[');
			for (int f = 0; f < 60; f++) {
				// mostly bits, as Purchase-like records are, and now and then anything else
				String text = (random.nextInt(4) > 0) ? forms[random.nextInt(2)] : forms[random.nextInt(forms.length)];
				texts.add(text);
				body.append((f > 0) ? "," : "").append(text);
			}
			body.append(']');
		}
		byte[] json = body.append("]}").toString().getBytes(StandardCharsets.UTF_8);

		float[] whole = values(PredictRequestReader.read(new ByteArrayInputStream(json), json.length, 1000, 100));
		float[] pieces = values(PredictRequestReader.read(stream(new String(json, StandardCharsets.UTF_8)),
				json.length, 1000, 100));

		assertThat(whole).hasSize(texts.size());
		for (int i = 0; i < texts.size(); i++) {
			assertThat(Float.floatToRawIntBits(whole[i])).as("%s at %d", texts.get(i), i)
				.isEqualTo(Float.floatToRawIntBits(Float.parseFloat(texts.get(i))))
				.isEqualTo(Float.floatToRawIntBits(pieces[i]));
		}
	}

	@Test
	void aBadFeatureAmongCompactDigitsIsNamedByItsPosition() {
		String digits = "0,1,".repeat(30);
		int badAt = "{\"modelId\":1,\"instances\":[[".length() + digits.length();
		for (String bad : new String[] { "\"x\"", "01", "1e999", "1.", "--1" }) {
			byte[] json = ("{\"modelId\":1,\"instances\":[[" + digits + bad + ",1]]}").getBytes(StandardCharsets.UTF_8);
			assertThatThrownBy(() -> PredictRequestReader.read(new ByteArrayInputStream(json), json.length, 1000, 100))
				.as(bad)
				.isInstanceOf(ApiException.class)
				.satisfies(ex -> {
					java.util.Map<String, Object> properties = ((ApiException) ex).properties();
					if (ex instanceof InvalidInstancesException) {
						assertThat(properties).containsEntry("index", 0).containsEntry("feature", 60);
					}
					else {
						assertThat((Long) properties.get("byteOffset")).isBetween((long) badAt, (long) badAt + bad.length());
					}
				});
		}
	}

	@Test
	void brokenJsonIsUnreadableAndSaysWhere() {
		for (String body : new String[] { "", "{", "{\"modelId\": 1, \"instances\": [[1, 2]]", "[1]",
				"{\"modelId\": 01, \"instances\": [[1]]}", "{\"modelId\": 1, \"instances\": [[1.]]}",
				"{\"modelId\": 1, \"instances\": [[.5]]}", "{\"modelId\": 1, \"instances\": [[+1]]}",
				"{\"modelId\": 1, \"instances\": [[1,]]}", "{\"modelId\": 1, \"instances\": [[1]],}",
				"{\"modelId\": 1, \"instances\": [[NaN]]}", "{\"modelId\": 1, \"instances\": [[1e]]}",
				"{\"modelId\": 1, \"instances\": [[1]]} x", "{'modelId': 1}", "{\"modelId\": 1 \"instances\": [[1]]}" }) {
			assertThatThrownBy(() -> read(body)).as(body)
				.isInstanceOf(ApiException.class)
				.asInstanceOf(type(ApiException.class))
				.satisfies(ex -> {
					assertThat(ex.type().toString()).endsWith("/unreadable-request");
					assertThat(ex.properties()).containsKey("byteOffset");
				});
		}
	}

	@Test
	void aRaggedBatchNamesTheFirstInstanceThatDiffers() {
		assertThatThrownBy(() -> read("{\"modelId\": 1, \"instances\": [[1, 2], [3, 4], [5]]}"))
			.isInstanceOf(InvalidInstancesException.class)
			.hasMessageContaining("Instance 2 has 1 features; instance 0 has 2")
			.satisfies(ex -> assertThat(((ApiException) ex).properties()).containsEntry("index", 2));
	}

	@Test
	void aValueThatIsNotAFiniteNumberNamesItsInstanceAndFeature() {
		assertThatThrownBy(() -> read("{\"modelId\": 1, \"instances\": [[1, 2], [3, \"4\"]]}"))
			.isInstanceOf(InvalidInstancesException.class)
			.hasMessageContaining("Instance 1, feature 1 is not a number")
			.satisfies(ex -> assertThat(((ApiException) ex).properties()).containsEntry("index", 1)
				.containsEntry("feature", 1));
		assertThatThrownBy(() -> read("{\"modelId\": 1, \"instances\": [[1, -1e39]]}"))
			.isInstanceOf(InvalidInstancesException.class)
			.hasMessageContaining("Instance 0, feature 1 is not a finite number");
	}

	@Test
	void missingOrRepeatedFieldsAreInvalidRequests() {
		for (String body : new String[] { "{}", "{\"instances\": [[1]]}", "{\"modelId\": null, \"instances\": [[1]]}",
				"{\"modelId\": 1}", "{\"modelId\": 1, \"instances\": []}", "{\"modelId\": 1, \"instances\": null}",
				"{\"modelId\": \"1\", \"instances\": [[1]]}", "{\"modelId\": 1.5, \"instances\": [[1]]}",
				"{\"modelId\": 1, \"modelId\": 2, \"instances\": [[1]]}", "{\"modelId\": 1, \"instances\": 5}" }) {
			assertThatThrownBy(() -> read(body)).as(body)
				.isInstanceOf(ApiException.class)
				.satisfies(ex -> assertThat(((ApiException) ex).type().toString()).endsWith("/invalid-request"));
		}
	}

	@Test
	void anOversizedBatchIsRefusedBeforeTheRestOfTheBodyIsRead() {
		StringBuilder body = new StringBuilder("{\"modelId\": 1, \"instances\": [");
		for (int i = 0; i < 50_000; i++) {
			body.append((i > 0) ? "," : "").append("[1, 0, 1]");
		}
		byte[] bytes = body.append("]}").toString().getBytes(StandardCharsets.UTF_8);
		CountingStream in = new CountingStream(bytes);

		assertThatThrownBy(() -> PredictRequestReader.read(in, bytes.length, 1000, 10))
			.isInstanceOf(InvalidInstancesException.class)
			.satisfies(ex -> assertThat(((ApiException) ex).properties()).containsEntry("limit", 1000));
		assertThat(in.read).isLessThan(bytes.length / 4);
	}

	@Test
	void anInstanceWiderThanAnyModelIsRefused() {
		assertThatThrownBy(() -> PredictRequestReader.read(stream("{\"modelId\": 1, \"instances\": [[1, 2, 3, 4]]}"),
				-1, 1000, 3))
			.isInstanceOf(InvalidInstancesException.class)
			.satisfies(ex -> assertThat(((ApiException) ex).properties()).containsEntry("limit", 3));
	}

	private static PredictRequest read(String body) throws IOException {
		return PredictRequestReader.read(stream(body), body.length(), 1000, 1_000_000);
	}

	private static float[] values(PredictRequest request) {
		PredictRequest.Instances instances = request.instances();
		return java.util.Arrays.copyOf(instances.values(), instances.count() * instances.width());
	}

	private static InputStream stream(String body) {
		// small reads, so that tokens straddle the reader's buffer refills
		return new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)) {
			@Override
			public synchronized int read(byte[] b, int off, int len) {
				return super.read(b, off, Math.min(len, 7));
			}
		};
	}

	private static final class CountingStream extends ByteArrayInputStream {

		int read;

		CountingStream(byte[] bytes) {
			super(bytes);
		}

		@Override
		public synchronized int read(byte[] b, int off, int len) {
			int n = super.read(b, off, len);
			this.read += Math.max(n, 0);
			return n;
		}

	}

}
