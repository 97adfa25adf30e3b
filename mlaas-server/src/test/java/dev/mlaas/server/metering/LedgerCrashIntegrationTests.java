package dev.mlaas.server.metering;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mlaas.server.Api;
import dev.mlaas.server.PredictLoad;
import dev.mlaas.server.ServerProcess;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "A 2xx answer always has its ledger row", tested as a crash tests it: a real server process under concurrent
 * {@code /predict} load from several keys is killed with SIGKILL, started again on the same H2 file, and every
 * answered request's charge (the {@code chargeId} of its answer) is in {@code GET /usage} exactly once. A charge
 * without an answer can only be a request in flight at the kill: at most one per client, as each client sends one
 * request at a time.
 */
class LedgerCrashIntegrationTests {

	private static final int CLIENTS = 8;

	private static final int BATCH = 10;

	@TempDir
	Path dir;

	@Test
	void everyAnsweredRequestHasExactlyOneLedgerChargeAfterASigkill() throws Exception {
		Path data = this.dir.resolve("data");
		List<String> keys = new ArrayList<>();
		long modelId;
		List<PredictLoad.Client> clients = new ArrayList<>();
		try (ServerProcess server = ServerProcess.start(data, "first.log")) {
			Api.useServerOn(server.port());
			String owner = Api.signUp("owner");
			modelId = Api.trainedModel(owner, 4);
			Api.as(owner).contentType("application/json").body(Map.of("published", true))
				.patch("/models/" + modelId).then().statusCode(200);
			for (int i = 0; i < CLIENTS; i++) {
				keys.add(Api.signUp("client-" + i));
			}
			AtomicBoolean killed = new AtomicBoolean();
			for (String key : keys) {
				clients.add(new PredictLoad.Client(server.url(), key, PredictLoad.body(modelId, BATCH, 4), killed));
			}
			clients.forEach(client -> client.thread.start());
			Thread.sleep(3000);
			killed.set(true);
			server.kill();
			for (PredictLoad.Client client : clients) {
				client.thread.join(30_000);
				assertThat(client.failure).as("what a client met before the kill").isNull();
			}
		}

		int answered = 0;
		int charged = 0;
		int lost = 0;
		int unanswered = 0;
		try (ServerProcess server = ServerProcess.start(data, "second.log")) {
			for (PredictLoad.Client client : clients) {
				Map<String, Integer> lines = PredictLoad.predictionLines(server.url(), client.key);
				answered += client.charges.size();
				charged += lines.size();
				for (String charge : client.charges) {
					Integer units = lines.get(charge);
					if (units == null) {
						lost++;
					}
					else {
						assertThat(units).as("units of charge %s", charge).isEqualTo(BATCH);
					}
				}
				Set<String> withoutAnswer = new HashSet<>(lines.keySet());
				withoutAnswer.removeAll(client.charges);
				unanswered += withoutAnswer.size();
				assertThat(withoutAnswer).as("charges without an answer for one client").hasSizeLessThanOrEqualTo(1);
			}
		}
		System.out.printf("crash test: %d requests answered 200 before the kill, %d charges in the ledger after it; "
				+ "lost %d, charged without an answer %d (in flight at the kill)%n", answered, charged, lost,
				unanswered);
		assertThat(answered).as("answered requests").isGreaterThan(100);
		assertThat(lost).as("answered requests without a ledger charge").isZero();
	}

}
