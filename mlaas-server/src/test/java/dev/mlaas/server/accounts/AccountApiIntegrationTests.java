package dev.mlaas.server.accounts;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.mlaas.server.Api;
import dev.mlaas.server.ApiTest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

@ApiTest
@ExtendWith(OutputCaptureExtension.class)
class AccountApiIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@BeforeEach
	void useServer() {
		Api.useServerOn(this.port);
	}

	@Test
	void signUpShowsTheKeyOnceAndStoresOnlyItsHash() {
		String key = Api.signUp("alice");
		assertThat(key).startsWith("mlaas_");
		String prefix = key.split("_")[1];
		Map<String, Object> stored = this.jdbc.queryForMap("select * from api_key where prefix = ?", prefix);
		byte[] hash = (byte[]) stored.get("secret_hash");
		assertThat(hash).isEqualTo(sha256(key));
		assertThat(stored.values().stream().map(String::valueOf)).noneMatch(value -> value.contains(key));
	}

	private static byte[] sha256(String key) {
		try {
			return java.security.MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void everyEndpointButSignUpRequiresAKey() {
		for (String path : List.of("/keys", "/datasets", "/jobs", "/models", "/usage")) {
			given().get(path)
				.then()
				.statusCode(401)
				.contentType("application/problem+json")
				.header("WWW-Authenticate", "Bearer")
				.body("type", equalTo("https://mlaas.dev/problems/unauthorized"));
		}
		given().contentType("application/json").body("{}").post("/predict").then().statusCode(401);
	}

	@Test
	void aKeyWithTheRightPrefixButWrongSecretIsRejected() {
		String key = Api.signUp("bob");
		String forged = key.substring(0, key.lastIndexOf('_') + 1) + "A".repeat(43);
		Api.as(forged).get("/keys").then().statusCode(401).body("detail", equalTo("The API key is unknown or revoked."));
		Api.as("not-a-key").get("/keys").then().statusCode(401);
	}

	@Test
	void keysAreListedByPrefixOnly() {
		String key = Api.signUp("carol");
		Api.as(key).post("/keys").then().statusCode(201).body("apiKey", startsWith("mlaas_"));
		Api.as(key)
			.get("/keys")
			.then()
			.statusCode(200)
			.body("size()", equalTo(2))
			.body("[0]", not(hasKey("apiKey")))
			.body("[0].prefix", equalTo(key.split("_")[1]))
			.body("[0].current", equalTo(true))
			.body("[1].current", equalTo(false));
	}

	@Test
	void aRevokedKeyStopsWorkingWhileTheAccountsOtherKeysGoOn() {
		String first = Api.signUp("dave");
		String second = Api.as(first).post("/keys").then().statusCode(201).extract().path("apiKey");
		Number secondId = Api.as(second).get("/keys").then().extract().path("find { it.current }.keyId");
		Api.as(first).delete("/keys/" + secondId.longValue()).then().statusCode(200).body("revokedAt", not(equalTo(null)));
		Api.as(second).get("/keys").then().statusCode(401);
		Api.as(first).get("/keys").then().statusCode(200);
	}

	@Test
	void aKeyRevokedByAnotherReplicaStopsWorkingWithinTheLookupCacheTtl() {
		String key = Api.signUp("erin");
		Api.as(key).get("/keys").then().statusCode(200);
		// what another replica's revocation leaves behind: the row changes, this replica's cache does not hear of it
		this.jdbc.update("update api_key set revoked_at = now() where prefix = ?", key.split("_")[1]);

		long deadline = System.nanoTime() + java.time.Duration.ofSeconds(3).toNanos();
		int status = 200;
		while (status == 200 && System.nanoTime() < deadline) {
			status = Api.as(key).get("/keys").then().extract().statusCode();
			Api.sleep(50);
		}
		assertThat(status).isEqualTo(401);
	}

	@Test
	void anAccountCannotRevokeAnotherAccountsKey() {
		String mallory = Api.signUp("mallory");
		String victim = Api.signUp("victim");
		Number victimKeyId = Api.as(victim).get("/keys").then().extract().path("[0].keyId");
		Api.as(mallory)
			.delete("/keys/" + victimKeyId.longValue())
			.then()
			.statusCode(404)
			.contentType("application/problem+json");
		Api.as(victim).get("/keys").then().statusCode(200);
	}

	@Test
	void signUpNeedsAName() {
		given().contentType("application/json")
			.body(Map.of("name", " "))
			.post("/accounts")
			.then()
			.statusCode(400)
			.contentType("application/problem+json")
			.body("errors[0]", startsWith("name"));
	}

	@Test
	void apiKeysNeverAppearInTheLogs(CapturedOutput output) {
		String key = Api.signUp("erin");
		Api.as(key).get("/keys").then().statusCode(200);
		Api.as(key + "x").get("/keys").then().statusCode(401);
		assertThat(output.getAll()).doesNotContain(key.substring(key.lastIndexOf('_') + 1));
	}

}
