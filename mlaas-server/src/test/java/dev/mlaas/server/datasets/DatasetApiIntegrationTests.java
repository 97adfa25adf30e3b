package dev.mlaas.server.datasets;

import java.io.IOException;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.mlaas.server.Api;
import dev.mlaas.server.ApiTest;
import dev.mlaas.server.TestIdx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.containsString;

@ApiTest
class DatasetApiIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	String key;

	@BeforeEach
	void signUp() {
		Api.useServerOn(this.port);
		this.key = Api.signUp("uploader");
	}

	@Test
	void uploadsACsvWithAHeaderAndDescribesIt() {
		Api.as(this.key)
			.multiPart("file", "d.csv", "a,b,label\n0.5,1,0\n1.5,-2,2\n3,4e-1,1\n".getBytes(), "text/csv")
			.multiPart("name", "tiny")
			.post("/datasets")
			.then()
			.statusCode(201)
			.header("Location", containsString("/datasets/"))
			.body("name", equalTo("tiny"))
			.body("format", equalTo("csv"))
			.body("records", equalTo(3))
			.body("features", equalTo(2))
			.body("classes", equalTo(3))
			.body("recordShape", equalTo("2"));
	}

	@Test
	void takesTheLabelFromTheGivenColumn() {
		Api.as(this.key)
			.multiPart("file", "d.csv", "7,0.5,1\n3,1.5,2\n".getBytes(), "text/csv")
			.multiPart("labelColumn", "0")
			.post("/datasets")
			.then()
			.statusCode(201)
			.body("classes", equalTo(8))
			.body("features", equalTo(2));
	}

	@Test
	void uploadsGzippedIdxImagesWithTheirShape() throws IOException {
		Api.as(this.key)
			.multiPart("images", "train-images-idx3-ubyte.gz", TestIdx.gzip(TestIdx.images(5, 4, 3, 1)))
			.multiPart("labels", "train-labels-idx1-ubyte", TestIdx.labels(5, 2))
			.post("/datasets")
			.then()
			.statusCode(201)
			.body("format", equalTo("idx"))
			.body("records", equalTo(5))
			.body("features", equalTo(12))
			.body("recordShape", equalTo("4x3"));
	}

	@Test
	void aRaggedCsvIsRejectedNamingTheRowAndColumn() {
		rejectCsv("1,2,0\n3,4,1\n5,1\n", "dataset-invalid").body("row", equalTo(3))
			.body("column", equalTo(3))
			.body("detail", containsString("Row 3"));
	}

	@Test
	void nonFiniteFeaturesAreRejected() {
		rejectCsv("1,2,0\n3,NaN,1\n", "dataset-invalid").body("row", equalTo(2)).body("column", equalTo(2));
		rejectCsv("1,Infinity,0\n", "dataset-invalid").body("row", equalTo(1));
		rejectCsv("1,2,0\n1,abc,0\n", "dataset-invalid").body("detail", containsString("not a number"));
	}

	@Test
	void labelsMustBeNonNegativeIntegers() {
		rejectCsv("1,2,0.5\n", "dataset-invalid").body("detail", containsString("not an integer"));
		rejectCsv("1,2,-1\n", "dataset-invalid").body("detail", containsString("from 0"));
	}

	@Test
	void anIdxUploadWhoseCountsDisagreeIsRejected() throws IOException {
		Api.as(this.key)
			.multiPart("images", "i", TestIdx.images(5, 2, 2, 1))
			.multiPart("labels", "l", TestIdx.labels(4, 2))
			.post("/datasets")
			.then()
			.statusCode(400)
			.body("detail", containsString("5 records but the labels file has 4"));
	}

	@Test
	void aFileThatIsNotIdxIsRejected() throws IOException {
		Api.as(this.key)
			.multiPart("images", "i", "hello world, not idx".getBytes())
			.multiPart("labels", "l", TestIdx.labels(4, 2))
			.post("/datasets")
			.then()
			.statusCode(400)
			.body("file", equalTo("images"))
			.body("detail", containsString("bad magic number"));
	}

	@Test
	void aTruncatedIdxFileIsRejected() throws IOException {
		byte[] images = TestIdx.images(5, 4, 4, 1);
		Api.as(this.key)
			.multiPart("images", "i", java.util.Arrays.copyOf(images, images.length - 10))
			.multiPart("labels", "l", TestIdx.labels(5, 2))
			.post("/datasets")
			.then()
			.statusCode(400)
			.body("detail", containsString("truncated"));
	}

	@Test
	void moreRecordsThanTheLimitAreRejectedWith413() {
		Api.as(this.key)
			.multiPart("file", "d.csv", Api.csv(5001, 2, 2, 1).getBytes(), "text/csv")
			.post("/datasets")
			.then()
			.statusCode(413)
			.body("type", equalTo("https://mlaas.dev/problems/dataset-too-large"))
			.body("limit", equalTo(5000));
	}

	@Test
	void aGzipBombIsRefusedFromItsHeaderWith413() throws IOException {
		// 45,000,000 zero bytes gzip to about 45 KB; as floats they would take 180 MB, and 100,000 x 5,400 took 4.7 GB
		java.io.ByteArrayOutputStream bomb = new java.io.ByteArrayOutputStream();
		try (java.io.DataOutputStream out = new java.io.DataOutputStream(
				new java.util.zip.GZIPOutputStream(bomb))) {
			out.writeInt(0x00000802);
			out.writeInt(5000);
			out.writeInt(9000);
			out.write(new byte[45_000_000]);
		}
		assertThat(bomb.size()).isLessThan(100_000);
		Api.as(this.key)
			.multiPart("images", "bomb-idx2-ubyte.gz", bomb.toByteArray())
			.multiPart("labels", "l", TestIdx.labels(5000, 2))
			.post("/datasets")
			.then()
			.statusCode(413)
			.contentType("application/problem+json")
			.body("type", equalTo("https://mlaas.dev/problems/dataset-too-large"))
			.body("detail", containsString("45000000 values (records x features)"))
			.body("limit", equalTo(20_000_000));
		Api.as(this.key).get("/datasets").then().statusCode(200).body("size()", equalTo(0));
	}

	@Test
	void labelsBeyondTheClassLimitAreRejected() {
		Api.as(this.key)
			.multiPart("file", "d.csv", "1,2,0\n3,4,1000\n".getBytes(), "text/csv")
			.post("/datasets")
			.then()
			.statusCode(413)
			.body("type", equalTo("https://mlaas.dev/problems/dataset-too-large"))
			.body("limit", equalTo(1000));
	}

	@Test
	void idxRecordsOfZeroFeaturesAreRejected() {
		Api.as(this.key)
			.multiPart("images", "i", TestIdx.images(5, 4, 0, 1))
			.multiPart("labels", "l", TestIdx.labels(5, 2))
			.post("/datasets")
			.then()
			.statusCode(400)
			.body("detail", containsString("zero features"));
	}

	@Test
	void aHeaderThatPromisesMoreDataThanItSendsIsRejectedAsTruncated() {
		byte[] forged = java.util.Arrays.copyOf(TestIdx.images(1, 100, 100, 1), 16 + 10);
		// 2,000 x 100 x 100: the most values the test limits allow
		java.nio.ByteBuffer.wrap(forged).putInt(4, 2000);
		Api.as(this.key)
			.multiPart("images", "i", forged)
			.multiPart("labels", "l", TestIdx.labels(2000, 2))
			.post("/datasets")
			.then()
			.statusCode(400)
			.body("detail", containsString("truncated"));
	}

	@Test
	void aCorruptGzipIsRejected() {
		byte[] gzip = TestIdx.gzip(TestIdx.images(5, 4, 4, 1));
		gzip[3] = (byte) 0xff;
		gzip[12] ^= 0x55;
		Api.as(this.key)
			.multiPart("images", "i", gzip)
			.multiPart("labels", "l", TestIdx.labels(5, 2))
			.post("/datasets")
			.then()
			.statusCode(400)
			.contentType("application/problem+json");
	}

	@Test
	void aByteOrderMarkDoesNotTurnTheFirstRecordIntoAHeader() {
		Api.as(this.key)
			.multiPart("file", "d.csv", "\uFEFF1,2,0\n3,4,1\n".getBytes(java.nio.charset.StandardCharsets.UTF_8),
					"text/csv")
			.post("/datasets")
			.then()
			.statusCode(201)
			.body("records", equalTo(2));
	}

	@Test
	void aBrokenMultipartBodyIsA400() {
		Api.as(this.key)
			.contentType("multipart/form-data; boundary=abc")
			.body("--abc\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\n1,2,0".getBytes())
			.post("/datasets")
			.then()
			.statusCode(400)
			.contentType("application/problem+json");
	}

	@Test
	void anUploadWithoutFilesIsRejected() {
		Api.as(this.key).multiPart("name", "x").post("/datasets").then().statusCode(400)
			.contentType("application/problem+json");
	}

	@Test
	void aRejectedUploadStoresNothingAndChargesNothing() {
		int datasetsBefore = count("dataset");
		int ledgerBefore = count("ledger_entry");
		rejectCsv("1,2,0\n3,4\n", "dataset-invalid");
		assertThat(count("dataset")).isEqualTo(datasetsBefore);
		assertThat(count("dataset_content")).isEqualTo(datasetsBefore);
		assertThat(count("ledger_entry")).isEqualTo(ledgerBefore);
		Api.as(this.key).get("/usage").then().body("totals.uploads", equalTo(0));
	}

	@Test
	void anotherAccountCanNeitherSeeNorListADataset() {
		long id = Api.uploadCsv(this.key, Api.csv(10, 2, 2, 1));
		String other = Api.signUp("other");
		Api.as(other).get("/datasets/" + id).then().statusCode(404).body("type",
				equalTo("https://mlaas.dev/problems/dataset-not-found"));
		Api.as(other).get("/datasets").then().statusCode(200).body("size()", equalTo(0));
		Api.as(this.key).get("/datasets/" + id).then().statusCode(200).body("id", equalTo((int) id));
	}

	@Test
	void recordsCannotBeDownloadedByAnyone() {
		long id = Api.uploadCsv(this.key, Api.csv(10, 2, 2, 1));
		Api.as(this.key).get("/datasets/" + id + "/records").then().statusCode(404);
		Api.as(this.key).get("/datasets/" + id).then().body("records", equalTo(10));
	}

	private io.restassured.response.ValidatableResponse rejectCsv(String csv, String type) {
		return Api.as(this.key)
			.multiPart("file", "d.csv", csv.getBytes(), "text/csv")
			.post("/datasets")
			.then()
			.statusCode(400)
			.contentType("application/problem+json")
			.body("type", equalTo("https://mlaas.dev/problems/" + type));
	}

	private int count(String table) {
		return this.jdbc.queryForObject("select count(*) from " + table, Integer.class);
	}

}
