package dev.mlaas.server.common.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.web.server.LocalServerPort;

import dev.mlaas.server.Api;
import dev.mlaas.server.ApiTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Swagger UI as a person uses it, in headless Chromium driven over the DevTools protocol: open the page, press
 * Authorize, type the API key into the API-key scheme, authorize, open {@code GET /usage}, press "Try it out" and
 * "Execute", and read the status Swagger UI shows. Skipped where Chromium is missing (.ci/run installs it), unless
 * {@code -Dreport.browser.required=true} makes that a failure.
 */
@ApiTest
class SwaggerUiBrowserTests {

	private static final ObjectMapper JSON = new ObjectMapper();

	/** Clicks through the page as a user would; resolves to the status Swagger UI shows, or what went wrong. */
	private static final String TRY_IT_OUT = """
			(async (key) => {
			  const sleep = ms => new Promise(r => setTimeout(r, ms));
			  const find = async (what, root = document) => {
			    for (let i = 0; i < 100; i++) {
			      const found = typeof what === 'function' ? what() : root.querySelector(what);
			      if (found) return found;
			      await sleep(100);
			    }
			    throw new Error('not found: ' + what);
			  };
			  (await find('.btn.authorize')).click();
			  const container = await find(() => [...document.querySelectorAll('.auth-container')]
			      .find(c => c.textContent.includes('apiKey')));
			  const input = container.querySelector('input');
			  Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(input, key);
			  input.dispatchEvent(new Event('input', { bubbles: true }));
			  container.querySelector('button.authorize').click();
			  (await find('button.btn-done')).click();
			  const summary = await find(() => [...document.querySelectorAll('.opblock-get .opblock-summary')]
			      .find(s => s.querySelector('[data-path="/usage"]')));
			  (summary.querySelector('.opblock-summary-control') || summary).click();
			  const block = summary.closest('.opblock');
			  (await find('.try-out__btn', block)).click();
			  (await find('.execute', block)).click();
			  const status = await find(() => block.querySelector('.live-responses-table tbody .response-col_status'));
			  const body = block.querySelector('.live-responses-table .microlight, .live-responses-table pre');
			  return status.textContent.trim() + ' ' + (body ? body.textContent.slice(0, 200) : '');
			})
			""";

	@LocalServerPort
	int port;

	@TempDir
	Path profile;

	@Test
	void anAuthorizedTryItOutOfGetUsageAnswers200InABrowser() throws Exception {
		Path chromium = chromiumOrSkip();
		Api.useServerOn(this.port);
		String key = Api.signUp("swagger-user");
		Process browser = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
				"--disable-background-networking", "--no-first-run", "--remote-debugging-port=0",
				"--remote-allow-origins=*", "--user-data-dir=" + this.profile, "about:blank")
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		try (DevTools page = DevTools.attach(this.profile)) {
			page.call("Page.enable", Map.of());
			String url = "http://127.0.0.1:" + this.port + "/swagger-ui/index.html";
			page.call("Page.navigate", Map.of("url", url));
			for (int i = 0; i < 100; i++) {
				JsonNode state = page.call("Runtime.evaluate", Map.of("expression",
						"document.readyState + ' ' + location.href", "returnByValue", true));
				if (state.at("/result/value").asText().equals("complete " + url)) {
					break;
				}
				Thread.sleep(100);
			}
			JsonNode result = page.call("Runtime.evaluate", Map.of("expression",
					TRY_IT_OUT + "(" + JSON.writeValueAsString(key) + ")", "awaitPromise", true, "returnByValue",
					true));
			assertThat(result.at("/exceptionDetails").isMissingNode())
				.as("the page script failed: %s", result.at("/exceptionDetails")).isTrue();
			String shown = result.at("/result/value").asText();
			assertThat(shown).startsWith("200").contains("\"totals\"");
			// and the page shows no errors of its own (a broken reference in the API docs shows a red box)
			assertThat(page.call("Runtime.evaluate", Map.of("expression",
					"document.querySelectorAll('.errors-wrapper').length", "returnByValue", true))
				.at("/result/value").asInt()).isZero();
			// what the person saw, for a look: target/swagger-ui-try-it-out.png
			page.call("Emulation.setDeviceMetricsOverride", Map.of("width", 1280, "height", 2000, "deviceScaleFactor", 1,
					"mobile", false));
			Files.write(Path.of("target", "swagger-ui-try-it-out.png"), java.util.Base64.getDecoder()
				.decode(page.call("Page.captureScreenshot", Map.of("format", "png")).get("data").asText()));
		}
		finally {
			// the whole tree, children first: once, a child left running wrote Default/Network Persistent State
			// into the profile after the browser was killed, and the temporary directory's removal failed
			List<ProcessHandle> tree = Stream.concat(browser.descendants(), Stream.of(browser.toHandle())).toList();
			tree.forEach(ProcessHandle::destroyForcibly);
			for (ProcessHandle process : tree) {
				process.onExit().get(10, TimeUnit.SECONDS);
			}
		}
	}

	private static Path chromiumOrSkip() {
		Optional<Path> found = Stream.of("chromium", "chromium-browser")
			.flatMap(name -> Arrays.stream(System.getenv("PATH").split(java.io.File.pathSeparator))
				.map(dir -> Path.of(dir, name)))
			.filter(Files::isExecutable)
			.findFirst();
		String missing = "no chromium on PATH (scripts/install-chromium.sh): Swagger UI was not tried in a browser";
		if (Boolean.getBoolean("report.browser.required")) {
			assertThat(found).as(missing).isPresent();
		}
		Assumptions.assumeTrue(found.isPresent(), missing);
		return found.get();
	}

	/** One page of a Chromium started with a DevTools port: commands out, their results back. */
	private static final class DevTools implements WebSocket.Listener, AutoCloseable {

		private final AtomicInteger ids = new AtomicInteger();

		private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

		private final StringBuilder partial = new StringBuilder();

		private WebSocket socket;

		static DevTools attach(Path profile) throws Exception {
			Path portFile = profile.resolve("DevToolsActivePort");
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (!Files.exists(portFile) || Files.readAllLines(portFile).isEmpty()) {
				assertThat(System.nanoTime()).as("Chromium's DevTools port").isLessThan(deadline);
				Thread.sleep(100);
			}
			String port = Files.readAllLines(portFile).get(0).strip();
			HttpClient http = HttpClient.newHttpClient();
			JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
					+ "/json/list")).build(), HttpResponse.BodyHandlers.ofString()).body());
			String pageSocket = null;
			for (JsonNode target : targets) {
				if (target.get("type").asText().equals("page")) {
					pageSocket = target.get("webSocketDebuggerUrl").asText();
				}
			}
			assertThat(pageSocket).as("a page target").isNotNull();
			DevTools devTools = new DevTools();
			devTools.socket = http.newWebSocketBuilder().buildAsync(URI.create(pageSocket), devTools).get(30,
					TimeUnit.SECONDS);
			return devTools;
		}

		JsonNode call(String method, Map<String, Object> params) throws Exception {
			int id = this.ids.incrementAndGet();
			CompletableFuture<JsonNode> answer = new CompletableFuture<>();
			this.pending.put(id, answer);
			this.socket.sendText(JSON.writeValueAsString(Map.of("id", id, "method", method, "params", params)), true)
				.get(30, TimeUnit.SECONDS);
			JsonNode message = answer.get(60, TimeUnit.SECONDS);
			assertThat(message.has("error")).as("%s: %s", method, message.get("error")).isFalse();
			return message.get("result");
		}

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.partial.append(data);
			if (last) {
				try {
					JsonNode message = JSON.readTree(this.partial.toString());
					if (message.has("id")) {
						CompletableFuture<JsonNode> waiting = this.pending.remove(message.get("id").asInt());
						if (waiting != null) {
							waiting.complete(message);
						}
					}
				}
				catch (IOException ex) {
					this.pending.values().forEach(waiting -> waiting.completeExceptionally(ex));
				}
				this.partial.setLength(0);
			}
			webSocket.request(1);
			return null;
		}

		@Override
		public void close() {
			this.socket.abort();
		}

	}

}
