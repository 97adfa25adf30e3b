package dev.mlaas.attacker.experiment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's headless Chromium, to look at a report page as a person would: its DOM after the page's scripts ran, and
 * a screenshot. Where Chromium is missing a test says so and skips the browser part, unless the build asked for it
 * ({@code -Dreport.browser.required=true}, set by the {@code browser} Maven profile), which makes it a failure.
 */
final class Browser {

	private static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu",
			"--disable-background-networking", "--no-first-run", "--disable-component-update", "--disable-sync",
			"--virtual-time-budget=5000");

	private final Path chromium;

	private Browser(Path chromium) {
		this.chromium = chromium;
	}

	/** Chromium on the PATH, or the test stops here as skipped (a failure where the build requires a browser). */
	static Browser orSkip() {
		Optional<Path> found = Stream.of("chromium", "chromium-browser")
			.flatMap(name -> Arrays.stream(System.getenv("PATH").split(java.io.File.pathSeparator))
				.map(dir -> Path.of(dir, name)))
			.filter(Files::isExecutable)
			.findFirst();
		String missing = "no chromium on PATH: the page was checked as text only (scripts/install-chromium.sh, or "
				+ "apt-get install chromium, to check it in a browser)";
		if (Boolean.getBoolean("report.browser.required")) {
			assertThat(found).as(missing).isPresent();
		}
		Assumptions.assumeTrue(found.isPresent(), missing);
		return new Browser(found.get());
	}

	/** The page's DOM once its scripts ran. */
	String dom(Path html) throws IOException, InterruptedException {
		Process dump = new ProcessBuilder(command("--dump-dom", html.toUri().toString()))
			.redirectError(ProcessBuilder.Redirect.DISCARD)
			.start();
		String dom = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(dump.waitFor(60, TimeUnit.SECONDS)).isTrue();
		return dom;
	}

	/** A screenshot of the page at a laptop's width. */
	Path screenshot(Path html, Path png, int width, int height) throws IOException, InterruptedException {
		Process shot = new ProcessBuilder(command("--window-size=" + width + "," + height, "--screenshot=" + png,
				html.toUri().toString()))
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		assertThat(shot.waitFor(60, TimeUnit.SECONDS)).isTrue();
		return png;
	}

	private List<String> command(String... more) {
		List<String> all = new ArrayList<>();
		all.add(this.chromium.toString());
		all.addAll(FLAGS);
		all.addAll(List.of(more));
		return all;
	}

}
