package dev.mlaas.server.prediction;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.mlaas.server.Api;
import dev.mlaas.server.ApiTest;
import dev.mlaas.server.TestNpy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

/**
 * The owner's output policy is enforced on every answer, JSON and {@code .npy} alike: label-only never returns a
 * probability, top-k never more than k values, rounding exactly the decimals asked; every query is still charged
 * and the stored model never changes.
 */
@ApiTest
class OutputPolicyApiIntegrationTests {

	private static final int FEATURES = 4;

	private static final int N = 6;

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	String owner;

	String other;

	long modelId;

	/** The model's full posteriors on the test instances, before any policy. */
	float[][] full;

	@BeforeEach
	void trainAndPublishAModel() {
		Api.useServerOn(this.port);
		this.owner = Api.signUp("owner");
		this.other = Api.signUp("other");
		this.modelId = Api.trainedModel(this.owner, FEATURES);
		setPolicy(Map.of("type", "full")).statusCode(200);
		Api.as(this.owner).contentType("application/json").body(Map.of("published", true))
			.patch("/models/" + this.modelId).then().statusCode(200);
		this.full = TestNpy.readFloat32(npy(this.other), N, 3);
	}

	@Test
	void aLabelOnlyModelNeverReturnsAProbabilityInEitherBody() {
		setPolicy(Map.of("type", "label-only")).statusCode(200).body("outputPolicy.type", equalTo("label-only"));
		String json = json(this.other);
		assertThat(json).doesNotContain("predictions");
		assertThat(json.substring(json.indexOf("\"labels\""), json.indexOf("\"queries\""))).doesNotContain(".");
		List<Integer> labels = io.restassured.path.json.JsonPath.from(json).getList("labels");
		byte[] npy = npy(this.other);
		assertThat(header(npy)).contains("'descr': '<i4'").contains("'shape': (" + N + ",)");
		ByteBuffer data = body(npy);
		assertThat(data.remaining()).isEqualTo(4 * N);
		for (int i = 0; i < N; i++) {
			int expected = PredictResponse.largest(this.full[i], 1)[0];
			assertThat(labels.get(i)).isEqualTo(expected);
			assertThat(data.getInt()).isEqualTo(expected);
		}
	}

	@Test
	void topKNeverReturnsMoreThanKValuesLargestFirstWithTheirClasses() {
		setPolicy(Map.of("type", "top-k", "k", 2)).statusCode(200);
		var answer = io.restassured.path.json.JsonPath.from(json(this.other));
		List<List<Integer>> classes = answer.getList("classes");
		List<List<Float>> posteriors = answer.getList("predictions");
		byte[] npy = npy(this.other);
		assertThat(header(npy)).contains("[('classes', '<i4', (2,)), ('posteriors', '<f4', (2,))]")
			.contains("'shape': (" + N + ",)");
		ByteBuffer data = body(npy);
		assertThat(data.remaining()).isEqualTo(N * 2 * 8);
		for (int i = 0; i < N; i++) {
			assertThat(classes.get(i)).hasSize(2);
			assertThat(posteriors.get(i)).hasSize(2);
			int first = data.getInt();
			int second = data.getInt();
			assertThat(List.of(first, second)).isEqualTo(classes.get(i));
			float p1 = data.getFloat();
			float p2 = data.getFloat();
			assertThat(p1).isEqualTo(this.full[i][first]).isGreaterThanOrEqualTo(p2);
			assertThat(p2).isEqualTo(this.full[i][second]);
			assertThat(posteriors.get(i).get(0).floatValue()).isEqualTo(p1);
			// no class left out is larger than the ones kept
			for (int c = 0; c < 3; c++) {
				if (c != first && c != second) {
					assertThat(this.full[i][c]).isLessThanOrEqualTo(p2);
				}
			}
		}
	}

	@Test
	void roundingKeepsExactlyTheDecimalsAsked() {
		setPolicy(Map.of("type", "rounding", "decimals", 2)).statusCode(200);
		String json = json(this.other);
		Matcher numbers = Pattern.compile("\"predictions\":\\[(.*)\\],\"queries\"").matcher(json);
		assertThat(numbers.find()).isTrue();
		List<String> written = Pattern.compile("[0-9.eE-]+").matcher(numbers.group(1)).results()
			.map(m -> m.group()).toList();
		assertThat(written).hasSize(3 * N).allMatch(text -> text.matches("[01]\\.\\d{2}"));
		float[][] npy = TestNpy.readFloat32(npy(this.other), N, 3);
		for (int i = 0; i < N; i++) {
			for (int c = 0; c < 3; c++) {
				String expected = new BigDecimal(this.full[i][c]).setScale(2, RoundingMode.HALF_EVEN).toPlainString();
				assertThat(written.get(3 * i + c)).isEqualTo(expected);
				assertThat(npy[i][c]).isEqualTo(Float.parseFloat(expected));
			}
		}
	}

	@Test
	void everyQueryIsChargedWhateverThePolicyAndAPolicyChangeNeverAltersTheStoredModel() {
		byte[] weights = storedWeights();
		long queries = queries(this.other);
		for (Map<String, Object> policy : List.of(Map.<String, Object>of("type", "label-only"),
				Map.<String, Object>of("type", "top-k", "k", 1), Map.<String, Object>of("type", "rounding", "decimals", 0))) {
			setPolicy(policy).statusCode(200);
			json(this.other);
			npy(this.other);
			queries += 2 * N;
			assertThat(queries(this.other)).isEqualTo(queries);
		}
		setPolicy(Map.of("type", "full")).statusCode(200);
		assertThat(TestNpy.readFloat32(npy(this.other), N, 3)).isDeepEqualTo(this.full);
		assertThat(storedWeights()).isEqualTo(weights);
	}

	@Test
	void everyoneWhoMayQueryTheModelSeesItsPolicyAndOnlyTheOwnerSetsIt() {
		setPolicy(Map.of("type", "top-k", "k", 3)).statusCode(200);
		Api.as(this.other).get("/models/" + this.modelId).then().statusCode(200)
			.body("outputPolicy.type", equalTo("top-k"))
			.body("outputPolicy.k", equalTo(3))
			.body("$", not(hasKey("recipe")));
		Api.as(this.other).contentType("application/json").body(Map.of("outputPolicy", Map.of("type", "full")))
			.patch("/models/" + this.modelId).then().statusCode(404);
		Api.as(this.owner).get("/models/" + this.modelId).then().body("outputPolicy.k", equalTo(3));
	}

	@Test
	void aBadPolicyIsAProblemAndLeavesThePolicyAsItWas() {
		setPolicy(Map.of("type", "top-k", "k", 2)).statusCode(200);
		invalid(Map.of("type", "top-k", "k", 0), "at least 1");
		invalid(Map.of("type", "top-k", "k", 4), "the model has 3 classes");
		invalid(Map.of("type", "top-k"), "takes k");
		invalid(Map.of("type", "rounding", "decimals", 8), "from 0 to 7");
		invalid(Map.of("type", "label-only", "k", 1), "neither k nor decimals");
		invalid(Map.of("type", "blur"), "none of full, top-k, rounding and label-only");
		// a fraction where a whole number belongs is an error, not a truncation
		setPolicy(Map.of("type", "top-k", "k", 2.5)).statusCode(400)
			.contentType("application/problem+json");
		Api.as(this.owner).contentType("application/json").body(Map.of())
			.patch("/models/" + this.modelId).then().statusCode(400)
			.body("detail", containsString("Give published, outputPolicy or both"));
		Api.as(this.owner).get("/models/" + this.modelId).then().body("outputPolicy.type", equalTo("top-k"))
			.body("outputPolicy.k", equalTo(2));
	}

	private void invalid(Map<String, Object> policy, String detail) {
		setPolicy(policy).statusCode(400)
			.contentType("application/problem+json")
			.body("type", equalTo("https://mlaas.dev/problems/output-policy-invalid"))
			.body("detail", containsString(detail));
	}

	private io.restassured.response.ValidatableResponse setPolicy(Map<String, Object> policy) {
		return Api.as(this.owner).contentType("application/json").body(Map.of("outputPolicy", policy))
			.patch("/models/" + this.modelId).then();
	}

	private String json(String key) {
		return Api.as(key).contentType("application/json")
			.body(Map.of("modelId", this.modelId, "instances", instances()))
			.post("/predict").then().statusCode(200).extract().asString();
	}

	private byte[] npy(String key) {
		return Api.as(key).contentType("application/x-npy").accept("application/x-npy")
			.body(TestNpy.float32(instances()))
			.post("/predict?modelId=" + this.modelId).then().statusCode(200).extract().asByteArray();
	}

	private static String header(byte[] npy) {
		int length = (npy[8] & 0xff) | (npy[9] & 0xff) << 8;
		return new String(npy, 10, length, StandardCharsets.US_ASCII);
	}

	private static ByteBuffer body(byte[] npy) {
		int length = (npy[8] & 0xff) | (npy[9] & 0xff) << 8;
		return ByteBuffer.wrap(npy, 10 + length, npy.length - 10 - length).slice().order(ByteOrder.LITTLE_ENDIAN);
	}

	private long queries(String key) {
		return Api.as(key).get("/usage").then().extract().<Number>path("totals.queries").longValue();
	}

	private byte[] storedWeights() {
		return this.jdbc.queryForObject("select weights from model_weights where model_id = ?", byte[].class,
				this.modelId);
	}

	private static float[][] instances() {
		float[][] instances = new float[N][FEATURES];
		for (int i = 0; i < N; i++) {
			for (int f = 0; f < FEATURES; f++) {
				instances[i][f] = ((i * 7 + f * 3) % 5) / 2f;
			}
		}
		return instances;
	}

}
