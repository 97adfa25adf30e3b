package dev.mlaas.attacker.http;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A request that would pass the budget is not sent; credits are priced with the service's prices. */
class BudgetTests {

	private HttpServer server;

	@AfterEach
	void stop() {
		if (this.server != null) {
			this.server.stop(0);
		}
	}

	@Test
	void aBatchThatWouldPassTheQueryLimitIsNeverSent() throws IOException {
		AtomicInteger requests = new AtomicInteger();
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/", exchange -> {
			requests.incrementAndGet();
			exchange.sendResponseHeaders(500, -1);
			exchange.close();
		});
		this.server.start();
		MlaasClient client = new MlaasClient(URI.create("http://127.0.0.1:" + this.server.getAddress().getPort()),
				"key")
			.withBudget(new Budget(5L, null, null, null));

		assertThatThrownBy(() -> client.predict(1, new float[10][3], 100))
			.isInstanceOf(BudgetExceededException.class)
			.hasMessageContaining("10 queries > --max-queries 5");
		assertThat(requests).hasValue(0);
		assertThat(client.counted().queries()).isZero();
	}

	@Test
	void creditsArePricedWithTheServicesPrices() {
		Budget budget = new Budget(null, null, new BigDecimal("12"),
				new Api.Prices(new BigDecimal("0.001"), BigDecimal.ONE, new BigDecimal("0.1")));

		assertThat(budget.credits(1, 1, 10_000)).isEqualByComparingTo("11.1");
		assertThat(budget.exceededBy(1, 1, 10_000)).isEmpty();
		assertThat(budget.exceededBy(17, 17, 108_000)).hasValue("126.7 credits > --max-credits 12");
	}

}
