package dev.mlaas.attacker.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import dev.mlaas.attacker.metrics.MembershipMetrics;

/**
 * One run's report as a single HTML page that opens from disk with nothing else: the attacks' figures and costs in
 * a table, the plots embedded, and the configuration, seeds, data hashes, versions and machine, each section with a
 * sentence or two on what it means.
 */
public final class HtmlReport {

	private HtmlReport() {
	}

	/**
	 * Writes the run's ROC curves (linear and log-log) and its cost curve as PNG files beside {@code jsonFile}, then
	 * {@code <stem>.html}, which embeds them.
	 */
	public static Path writeWithPlots(ExperimentReport report, Path jsonFile) throws IOException {
		List<Path> plots = new java.util.ArrayList<>(RocPlots.write(report, jsonFile));
		plots.addAll(CostCurvePlots.write(report, jsonFile));
		return write(report, jsonFile, plots);
	}

	/** Writes {@code <stem>.html} beside {@code jsonFile}, embedding {@code plots} (PNG files). */
	public static Path write(ExperimentReport report, Path jsonFile, List<Path> plots) throws IOException {
		String stem = jsonFile.getFileName().toString().replaceFirst("\\.json$", "");
		Path dir = (jsonFile.getParent() != null) ? jsonFile.getParent() : Path.of(".");
		Path html = dir.resolve(stem + ".html");
		Files.writeString(html, render(report, plots), StandardCharsets.UTF_8);
		return html;
	}

	static String render(ExperimentReport report, List<Path> plots) throws IOException {
		var config = report.configuration();
		var target = report.target();
		StringBuilder page = new StringBuilder(64 * 1024);
		String title = "Membership inference on " + config.dataset() + ", N = " + config.n() + ", seed "
				+ report.seeds().experiment();
		page.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
			.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
			.append("<title>").append(escape(title)).append("</title>\n<style>")
			.append("body{font-family:system-ui,sans-serif;max-width:1100px;margin:1.5em auto;padding:0 1em;color:#222}")
			.append("table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}")
			.append("th,td{border-bottom:1px solid #ddd;padding:.35em .5em;text-align:right}")
			.append("th:first-child,td:first-child{text-align:left}thead th{background:#f3f3f3}")
			.append("img{max-width:100%;height:auto;border:1px solid #eee;margin:.5em 0}")
			.append("pre{background:#f7f7f7;padding:.8em;overflow:auto;font-size:.85em}p.note{color:#555}")
			.append("</style></head><body>\n");
		page.append("<h1>").append(escape(title)).append("</h1>\n");
		page.append("<p>The victim trained a model (architecture ")
			.append(escape(String.valueOf(config.targetRecipe().get("architecture"))))
			.append(String.format(Locale.ROOT, ") on %,d records and published it; the attacker knew only its id. ",
					config.n()))
			.append(String.format(Locale.ROOT, "The target answers its training records right %.1f%% of the time "
					+ "and others %.1f%% (gap %.3f): the larger the gap, the more its answers give members away.",
					100 * target.trainAccuracy(), 100 * target.testAccuracy(), target.gap()))
			.append("</p>\n");
		String policy = config.targetOutputPolicy();
		if (!policy.equals("full")) {
			page.append("<p>Its answers are under the output policy <code>").append(escape(policy))
				.append("</code>: attacks that read more of the posteriors than it leaves are not applicable.</p>\n");
		}

		page.append("<h2>Attacks</h2>\n<p class=\"note\">Each attack judged the same ")
			.append(String.format(Locale.ROOT, "%,d", 2 * config.n()))
			.append(" candidates, half of them members. AUC 0.5 is a coin; TPR at 1% and 0.1% FPR is the share of "
					+ "members found when at most 1 in 100 (or 1,000) non-members are wrongly accused, where the "
					+ "most exposed records show. The cost is what each attack would have spent alone.</p>\n");
		page.append("<table id=\"attacks\"><thead><tr><th>attack</th><th>precision</th><th>recall</th>")
			.append("<th>accuracy</th><th>AUC</th><th>TPR @ 1% FPR</th><th>TPR @ 0.1% FPR</th>")
			.append("<th>jobs</th><th>queries</th></tr></thead><tbody>\n");
		for (ExperimentReport.Attack attack : report.attacks()) {
			MembershipMetrics m = attack.metrics();
			page.append("<tr><td>").append(escape(attack.id())).append("</td><td>").append(number(m.precision()))
				.append("</td><td>").append(number(m.recall())).append("</td><td>").append(number(m.accuracy()))
				.append("</td><td>").append(number(m.auc())).append("</td><td>").append(number(m.tprAt1PercentFpr()))
				.append("</td><td>").append(number(m.tprAt01PercentFpr())).append("</td><td>")
				.append(attack.costAlone().trainingJobs()).append("</td><td>")
				.append(String.format(Locale.ROOT, "%,d", attack.costAlone().queries()))
				.append("</td></tr>\n");
		}
		report.notApplicable()
			.forEach((id, why) -> page.append("<tr><td>").append(escape(id)).append("</td><td colspan=\"8\" "
					+ "style=\"text-align:left\">not applicable: ").append(escape(why)).append("</td></tr>\n"));
		page.append("</tbody></table>\n");
		var cost = report.attackerCost();
		page.append(String.format(Locale.ROOT, "<p>The run as a whole cost the attacker %,d queries, %d training "
				+ "jobs and %d uploads, %s credits; the service's ledger says %,d, %d and %d: %s.</p>%n", cost.queries(),
				cost.trainingJobs(), cost.uploads(), cost.ledgerCredits().stripTrailingZeros().toPlainString(),
				cost.ledgerQueries(), cost.ledgerTrainingJobs(), cost.ledgerUploads(),
				cost.matchesLedger() ? "they match" : "they DO NOT match"));

		ExposedRecords exposed = report.mostExposed();
		if (exposed != null) {
			page.append("<h2>The most exposed records</h2>\n<p class=\"note\">For the model's owner: the ")
				.append(exposed.records().size()).append(" candidates <code>").append(escape(exposed.attack()))
				.append("</code>, the strongest attack at 0.1% FPR here, is surest were trained on, and whether they ")
				.append(String.format(Locale.ROOT, "were (%.0f%% were). ", 100 * exposed.memberShare()))
				.append("Records are named by their index among the candidates and a hash of their features; "
						+ "none is copied here.</p>\n<table id=\"exposed\"><thead><tr><th>candidate</th>"
						+ "<th>feature hash</th><th>score</th><th>member</th></tr></thead><tbody>\n");
			for (ExposedRecords.Exposed record : exposed.records()) {
				page.append("<tr><td>").append(record.index()).append("</td><td><code>").append(record.featureHash())
					.append("</code></td><td>").append(String.format(Locale.ROOT, "%.6g", record.score()))
					.append("</td><td>").append(record.member() ? "yes" : "no").append("</td></tr>\n");
			}
			page.append("</tbody></table>\n");
		}

		page.append("<h2>Plots</h2>\n<p class=\"note\">The ROC curves on linear axes, then on log-log axes down to "
				+ "one false positive, where attacks that look alike on the first differ; then the cost curve: each "
				+ "attack's success against the credits it would cost alone.</p>\n");
		for (Path plot : plots) {
			page.append("<img alt=\"").append(escape(plot.getFileName().toString()))
				.append("\" src=\"data:image/png;base64,")
				.append(Base64.getEncoder().encodeToString(Files.readAllBytes(plot)))
				.append("\">\n");
		}

		page.append("<h2>Reproducing it</h2>\n<p class=\"note\">The same configuration and seeds on a machine with "
				+ "the same CPU kernels give the same figures; the data hashes say which records it ran on.</p>\n");
		section(page, "Configuration", config);
		section(page, "Seeds", report.seeds());
		section(page, "Data", report.data());
		section(page, "Versions", report.versions());
		section(page, "The service's machine", report.serverCompute());
		page.append("<script>window.addEventListener('load',function(){var ok=0;document.querySelectorAll('img')")
			.append(".forEach(function(i){if(i.complete&&i.naturalWidth>0)ok++});")
			.append("document.body.setAttribute('data-images-loaded',ok)});</script>\n");
		page.append("</body></html>\n");
		return page.toString();
	}

	private static void section(StringBuilder page, String name, Object value) throws IOException {
		page.append("<h3>").append(escape(name)).append("</h3>\n<pre>")
			.append(escape(ReportWriter.JSON.writeValueAsString(value)))
			.append("</pre>\n");
	}

	private static String number(Double value) {
		return (value == null) ? "n/a" : String.format(Locale.ROOT, "%.4f", value);
	}

	static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
	}

}
