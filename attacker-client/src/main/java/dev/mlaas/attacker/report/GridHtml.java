package dev.mlaas.attacker.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A grid's report as one HTML page that opens from disk with nothing else: the attacks against the datasets in a
 * summary table and a sortable one with every figure as mean ± sample std over the seeds and the papers' figures
 * beside, the targets, each dataset's plots, figures per seed and most exposed records, and how to reproduce it.
 */
public final class GridHtml {

	private GridHtml() {
	}

	/**
	 * Writes {@code <name>.html} into {@code dir}.
	 *
	 * @param plots each dataset's PNG files, embedded in its section
	 * @param firstReports each dataset's first cell, whose ROC curves and most exposed records are shown
	 */
	public static Path write(GridReport grid, Map<String, List<Path>> plots, Map<String, ExperimentReport> firstReports,
			Path dir) throws IOException {
		Files.createDirectories(dir);
		Path html = dir.resolve(grid.name() + ".html");
		Files.writeString(html, render(grid, plots, firstReports), StandardCharsets.UTF_8);
		return html;
	}

	static String render(GridReport grid, Map<String, List<Path>> plots, Map<String, ExperimentReport> firstReports)
			throws IOException {
		StringBuilder page = new StringBuilder(256 * 1024);
		String title = "Membership inference: " + String.join(", ", grid.datasets()) + " × " + grid.attacks().size()
				+ " attacks × seeds " + seedText(grid.seeds());
		page.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
			.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
			.append("<title>").append(HtmlReport.escape(title)).append("</title>\n<style>")
			.append("body{font-family:system-ui,sans-serif;max-width:1200px;margin:1.5em auto;padding:0 1em;color:#222}")
			.append("table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums;margin:.5em 0 1em}")
			.append("th,td{border-bottom:1px solid #ddd;padding:.3em .45em;text-align:right;vertical-align:top}")
			.append("th:first-child,td:first-child,td.t,th.t{text-align:left}thead th{background:#f3f3f3}")
			.append("table.sortable th{cursor:pointer}table.sortable th:after{content:' \\2195';color:#aaa}")
			.append("td.paper{color:#555;font-size:.85em;text-align:left;max-width:18em}")
			.append("td{white-space:nowrap}#figures{font-size:.86em}#figures th,#figures td{padding:.3em .3em}")
			.append("table.defenses{font-size:.76em}table.defenses th,table.defenses td{padding:.3em .2em}")
			.append("img{display:block;max-width:100%;height:auto;border:1px solid #eee;margin:.4em 0}")
			.append("pre{background:#f7f7f7;padding:.8em;overflow:auto;font-size:.8em;max-height:24em}")
			.append("p.note{color:#555}.wide{overflow-x:auto}")
			.append("</style></head><body>\n");
		page.append("<h1>").append(HtmlReport.escape(title)).append("</h1>\n");
		long reused = grid.cells().stream().filter(GridReport.CellResult::reused).count();
		page.append(String.format(Locale.ROOT, "<p>%d cells (dataset × seed). In each, a victim account trained a "
				+ "target on N records and published it, and an attacker account that knew only its id ran every "
				+ "attack, all of them sharing the target's answers and the shadow models they paid for once. "
				+ "%d cells were computed in this run and %d read from an earlier one with the same inputs. "
				+ "The attacker's cost %s the service's ledger in every cell.</p>%n", grid.cells().size(),
				grid.cells().size() - reused, reused, grid.costsMatchLedger() ? "matched" : "DID NOT match"));

		summary(page, grid);
		allFigures(page, grid);
		targets(page, grid);
		if (!grid.settings().isEmpty()) {
			defenses(page, grid, plots);
		}
		for (GridReport.DatasetSummary summary : grid.summaries()) {
			dataset(page, grid, summary, plots.getOrDefault(summary.label(), List.of()),
					firstReports.get(summary.label()));
		}
		reproducing(page, grid, firstReports);
		page.append("<script>document.querySelectorAll('table.sortable th').forEach(function(th,col){")
			.append("th.addEventListener('click',function(){var body=th.closest('table').tBodies[0];")
			.append("var rows=Array.from(body.rows);var dir=th.dataset.dir==='a'?-1:1;th.dataset.dir=dir===1?'a':'d';")
			.append("function key(r){var c=r.cells[col];var v=c.dataset.v;return v!==undefined?parseFloat(v):c.textContent}")
			.append("rows.sort(function(a,b){var x=key(a),y=key(b);if(typeof x==='number'&&typeof y==='number')")
			.append("{if(isNaN(x))return 1;if(isNaN(y))return -1;return dir*(x-y)}return dir*String(x).localeCompare(String(y))});")
			.append("rows.forEach(function(r){body.appendChild(r)})})});")
			.append("window.addEventListener('load',function(){var ok=0;document.querySelectorAll('img')")
			.append(".forEach(function(i){if(i.complete&&i.naturalWidth>0)ok++});")
			.append("document.body.setAttribute('data-images-loaded',ok)});</script>\n");
		page.append("</body></html>\n");
		return page.toString();
	}

	/** Attacks down, datasets across: AUC and TPR at 0.1% FPR, the two figures that rank attacks. */
	private static void summary(StringBuilder page, GridReport grid) {
		page.append("<h2>Summary</h2>\n<p class=\"note\">Each attack's AUC (0.5 is a coin, 1 a perfect split of "
				+ "members from non-members) and its true positive rate when at most 1 in 1,000 non-members is "
				+ "accused, where the records most exposed show; mean ± sample standard deviation over the seeds. "
				+ "The best of each column is in bold."
				+ (grid.settings().isEmpty() ? "" : " Each dataset under the grid's first setting; the others are "
						+ "compared under Defenses and output policies.")
				+ "</p>\n<div class=\"wide\"><table id=\"summary\"><thead><tr>"
				+ "<th rowspan=\"2\">attack</th>");
		List<String> columns = grid.datasets().stream().map(dataset -> baseline(grid, dataset).label()).toList();
		for (String label : columns) {
			page.append("<th colspan=\"2\" class=\"t\">").append(HtmlReport.escape(label)).append("</th>");
		}
		page.append("</tr><tr>");
		columns.forEach(d -> page.append("<th>AUC</th><th>TPR @ 0.1% FPR</th>"));
		page.append("</tr></thead><tbody>\n");
		for (String attack : grid.attacks()) {
			page.append("<tr><td>").append(HtmlReport.escape(attack)).append("</td>");
			for (String label : columns) {
				Map<String, SeedAggregate.Spread> metrics = grid.summary(label).spread().attacks().get(attack);
				page.append(spreadCell(metrics, "auc", best(grid, label, "auc")))
					.append(spreadCell(metrics, "tprAt01PercentFpr", best(grid, label, "tprAt01PercentFpr")));
			}
			page.append("</tr>\n");
		}
		page.append("</tbody></table></div>\n");
		for (GridReport.DatasetSummary summary : grid.summaries()) {
			summary.notApplicable()
				.forEach((id, why) -> page.append("<p class=\"note\">").append(HtmlReport.escape(id)).append(" on ")
					.append(HtmlReport.escape(summary.label())).append(": not applicable, it ")
					.append(HtmlReport.escape(why)).append(".</p>\n"));
		}
	}

	/** Every figure, one row per dataset and attack, sortable by any column; the papers' figures beside. */
	private static void allFigures(StringBuilder page, GridReport grid) {
		page.append("<h2>All figures</h2>\n<p class=\"note\">Precision and recall are at each attack's own "
				+ "threshold (n/a where it has none); the cost is what the attack would spend alone in one cell, in "
				+ "training jobs, queries and credits at the service's prices. Click a heading to sort. The papers' "
				+ "figures are on their datasets, of which ours are stand-ins (Purchase-like for Purchase-100), with "
				+ "their models and splits: they are a reference point, not a target.</p>\n")
			.append("<div class=\"wide\"><table id=\"figures\" class=\"sortable\"><thead><tr><th>dataset</th>")
			.append("<th class=\"t\">attack</th><th>precision</th><th>recall</th><th>AUC</th><th>TPR @ 1% FPR</th>")
			.append("<th>TPR @ 0.1% FPR</th><th>jobs</th><th>queries</th><th>credits</th>")
			.append("<th class=\"t\">the papers: precision / recall</th></tr></thead><tbody>\n");
		for (GridReport.DatasetSummary summary : grid.summaries()) {
			for (String attack : grid.attacks()) {
				Map<String, SeedAggregate.Spread> metrics = summary.spread().attacks().get(attack);
				GridReport.AttackCost cost = summary.costs().get(attack);
				if (metrics == null) {
					continue;
				}
				page.append("<tr><td>").append(HtmlReport.escape(summary.label())).append("</td><td class=\"t\">")
					.append(HtmlReport.escape(attack)).append("</td>")
					.append(spreadCell(metrics, "precision", null))
					.append(spreadCell(metrics, "recall", null))
					.append(spreadCell(metrics, "auc", null))
					.append(spreadCell(metrics, "tprAt1PercentFpr", null))
					.append(spreadCell(metrics, "tprAt01PercentFpr", null));
				if (cost != null) {
					page.append("<td data-v=\"").append(cost.trainingJobs()).append("\">").append(cost.trainingJobs())
						.append("</td><td data-v=\"").append(cost.queries()).append("\">")
						.append(String.format(Locale.ROOT, "%,d", cost.queries())).append("</td>");
					page.append((cost.credits() != null)
							? "<td data-v=\"" + cost.credits().toPlainString() + "\">"
									+ cost.credits().stripTrailingZeros().toPlainString() + "</td>"
							: "<td data-v=\"NaN\">n/a</td>");
				}
				else {
					page.append("<td></td><td></td><td></td>");
				}
				page.append("<td class=\"paper\">")
					.append(undefended(summary)
							? PaperFigures.of(attack, summary.dataset()).map(f -> paperCell(grid, f)).orElse("") : "")
					.append("</td></tr>\n");
			}
		}
		page.append("</tbody></table></div>\n");
		List<PaperFigures.Figure> cited = grid.paperFigures();
		for (int i = 0; i < cited.size(); i++) {
			page.append("<p class=\"note\"><sup>").append(i + 1).append("</sup> ")
				.append(HtmlReport.escape(cited.get(i).attack())).append(": ")
				.append(HtmlReport.escape(cited.get(i).text())).append("</p>\n");
		}
	}

	/** A paper's precision and recall, short, with the number of the note that says where they come from. */
	private static String paperCell(GridReport grid, PaperFigures.Figure figure) {
		StringBuilder cell = new StringBuilder();
		if (figure.precision() != null) {
			cell.append(figure.precision()).append(" / ").append(figure.recall());
		}
		if (figure.auc() != null) {
			cell.append((cell.length() > 0) ? ", " : "").append("AUC ").append(figure.auc());
		}
		return cell.append(" <sup>").append(grid.paperFigures().indexOf(figure) + 1).append("</sup>").toString();
	}

	private static void targets(StringBuilder page, GridReport grid) {
		page.append("<h2>The targets</h2>\n<p class=\"note\">Each seed trained its own target. Its accuracy on "
				+ "the records it trained on and on held-out ones, measured through <code>/predict</code> by its "
				+ "owner: the gap between them is what most attacks feed on.</p>\n<table id=\"targets\"><thead><tr>"
				+ "<th>dataset</th><th>N</th><th>classes</th><th class=\"t\">model</th><th>train accuracy</th>"
				+ "<th>test accuracy</th><th>gap</th></tr></thead><tbody>\n");
		for (GridReport.DatasetSummary summary : grid.summaries()) {
			SeedAggregate spread = summary.spread();
			page.append("<tr><td>").append(HtmlReport.escape(summary.label())).append("</td><td>")
				.append(String.format(Locale.ROOT, "%,d", summary.n())).append("</td><td>")
				.append((summary.data() != null) ? String.valueOf(summary.data().classes()) : "")
				.append("</td><td class=\"t\">")
				.append(HtmlReport.escape(String.valueOf(summary.configuration().targetRecipe().get("architecture"))))
				.append("</td>")
				.append(spreadCell(spread.targetTrainAccuracy()))
				.append(spreadCell(spread.targetTestAccuracy()))
				.append(spreadCell(spread.targetGap()))
				.append("</tr>\n");
		}
		page.append("</tbody></table>\n");
	}

	private static void dataset(StringBuilder page, GridReport grid, GridReport.DatasetSummary summary,
			List<Path> plots, ExperimentReport first) throws IOException {
		String dataset = summary.label();
		page.append("<h2 id=\"").append(HtmlReport.escape(dataset)).append("\">").append(HtmlReport.escape(dataset))
			.append("</h2>\n<p class=\"note\">The ROC curves are seed ")
			.append(summary.spread().seeds().get(0))
			.append("'s, on linear axes and on log-log axes down to one false positive, where attacks that look "
					+ "alike on the first differ. The cost curves plot each attack family's success against the "
					+ "credits it would spend alone, averaged over the seeds: LiRA and RMIA at 1 to 16 reference "
					+ "models, Shokri at 1 to 10 shadows, the label-only attack at 1 to 8 perturbed copies a "
					+ "candidate, the others a single point.</p>\n");
		for (Path plot : plots) {
			image(page, plot);
		}
		page.append("<h3>Per seed</h3>\n<p class=\"note\">AUC, then TPR at 0.1% FPR, of each seed's "
				+ "target: a spread the mean alone hides.</p>\n<div class=\"wide\"><table class=\"perseed\"><thead><tr>"
				+ "<th>attack</th>");
		for (long seed : summary.spread().seeds()) {
			page.append("<th>seed ").append(seed).append("</th>");
		}
		page.append("</tr></thead><tbody>\n");
		for (String attack : grid.attacks()) {
			Map<String, SeedAggregate.Spread> metrics = summary.spread().attacks().get(attack);
			if (metrics == null) {
				continue;
			}
			page.append("<tr><td>").append(HtmlReport.escape(attack)).append("</td>");
			SeedAggregate.Spread auc = metrics.get("auc");
			SeedAggregate.Spread tpr = metrics.get("tprAt01PercentFpr");
			for (int i = 0; i < summary.spread().seeds().size(); i++) {
				page.append(String.format(Locale.ROOT, "<td>%.3f / %.3f</td>", auc.values().get(i),
						tpr.values().get(i)));
			}
			page.append("</tr>\n");
		}
		page.append("</tbody></table></div>\n");
		ExposedRecords exposed = (first != null) ? first.mostExposed() : null;
		if (exposed != null) {
			page.append("<h3>The most exposed records</h3>\n<p class=\"note\">For the model's owner: the ten "
					+ "candidates of seed ")
				.append(first.seeds().experiment()).append("'s target that <code>").append(HtmlReport.escape(exposed.attack()))
				.append("</code>, the strongest attack there at 0.1% FPR, is surest were trained on, and whether "
						+ "they were. Named by index among the candidates and a hash of their features; none is "
						+ "copied here. Each cell's page lists twenty.</p>\n<table class=\"exposed\"><thead><tr>"
						+ "<th>candidate</th><th class=\"t\">feature hash</th><th>score</th><th>member</th></tr>"
						+ "</thead><tbody>\n");
			long tied = exposed.records().stream().filter(r -> r.score() == exposed.records().get(0).score()).count();
			if (tied > 1) {
				page.append("<p class=\"note\">").append(tied).append(" of the ").append(exposed.records().size())
					.append(" share the top score, and perhaps more beyond them: among equal scores the order is "
							+ "the candidates' index, not exposure.</p>\n");
			}
			for (ExposedRecords.Exposed record : exposed.records().subList(0, Math.min(10, exposed.records().size()))) {
				page.append("<tr><td>").append(record.index()).append("</td><td class=\"t\"><code>")
					.append(record.featureHash()).append("</code></td><td>")
					.append(String.format(Locale.ROOT, "%.6g", record.score())).append("</td><td>")
					.append(record.member() ? "yes" : "no").append("</td></tr>\n");
			}
			page.append("</tbody></table>\n");
		}
		page.append("<p>Each cell's own page: ");
		grid.cells().stream().filter(cell -> cell.label().equals(dataset)).forEach(cell -> page
			.append("<a href=\"").append(HtmlReport.escape(cell.page())).append("\">seed ").append(cell.seed())
			.append("</a> "));
		page.append("</p>\n");
	}

	private static void reproducing(StringBuilder page, GridReport grid, Map<String, ExperimentReport> firstReports)
			throws IOException {
		page.append("<h2>Reproducing it</h2>\n<p class=\"note\">The same command and seeds on a service whose CPU "
				+ "runs the same kernels give the same figures; the data hashes say which records each dataset held. "
				+ "A cell is kept under the SHA-256 of its inputs (configuration, seed, data hash, client version), "
				+ "and an unchanged cell is read back instead of recomputed.</p>\n");
		GridReport.Timing timing = grid.timing();
		if (timing != null) {
			page.append(String.format(Locale.ROOT, "<p>This run of the grid took %.0f s: %.0f s computing cells, "
					+ "%.1f s writing the cells' reports and this page's plots (%.2f%% of the whole; this page's own "
					+ "writing comes after it). Its cells took %.0f s to compute, in this run or an earlier one.</p>%n",
					timing.gridSeconds(), timing.cellSeconds(), timing.reportSeconds(), 100 * timing.reportShare(),
					grid.cells().stream().mapToDouble(GridReport.CellResult::seconds).sum()));
		}
		page.append("<table id=\"cells\"><thead><tr><th>dataset</th><th>seed</th><th class=\"t\">inputs hash</th>"
				+ "<th class=\"t\">computed</th><th>seconds</th></tr></thead><tbody>\n");
		for (GridReport.CellResult cell : grid.cells()) {
			page.append("<tr><td>").append(HtmlReport.escape(cell.label())).append("</td><td>").append(cell.seed())
				.append("</td><td class=\"t\"><code>").append(cell.inputsHash(), 0, 16).append("</code></td><td class=\"t\">")
				.append(cell.reused() ? "in an earlier run" : "in this run").append("</td><td>")
				.append(String.format(Locale.ROOT, "%.0f", cell.seconds())).append("</td></tr>\n");
		}
		page.append("</tbody></table>\n");
		for (GridReport.DatasetSummary summary : grid.summaries()) {
			ExperimentReport first = firstReports.get(summary.label());
			if (first != null) {
				section(page, "Seeds: " + summary.label() + " seed " + first.seeds().experiment()
						+ " (every random choice derives from the cell's seed; the other cells' derive alike)",
						first.seeds());
			}
			section(page, "Configuration: " + summary.label() + " (seed " + summary.configuration().seed()
					+ "; the other cells differ by seed alone)", summary.configuration());
			section(page, "Data: " + summary.label(), summary.data());
		}
		section(page, "Versions", grid.versions());
		section(page, "The service's machine" + ((grid.serviceMachines().size() > 1) ? "s (cells ran on more than one)" : ""),
				grid.serviceMachines());
	}

	/**
	 * Per dataset, each setting's target beside every attack's AUC and TPR at 1% FPR, and the privacy-utility
	 * plots: what each defense or policy costs the owner and what it takes from the attacker.
	 */
	private static void defenses(StringBuilder page, GridReport grid, Map<String, List<Path>> plots)
			throws IOException {
		page.append("<h2 id=\"defenses\">Defenses and output policies</h2>\n<p class=\"note\">Each setting "
				+ "trained its own targets (one a seed) and ran every attack that can read what its output policy "
				+ "leaves (n/a: not applicable). The owner's train and test accuracy and their gap, the epsilon its "
				+ "DP-SGD spent where it has it, then each attack's figure; mean ± sample std over the seeds. The "
				+ "plots put each setting's test accuracy against the strongest attack's figure.</p>\n");
		for (String dataset : grid.datasets()) {
			List<GridReport.DatasetSummary> settings = grid.summaries().stream()
				.filter(summary -> summary.dataset().equals(dataset))
				.toList();
			for (String[] metric : new String[][] { { "auc", "AUC" }, { "tprAt1PercentFpr", "TPR at 1% FPR" } }) {
				page.append("<h3>").append(HtmlReport.escape(dataset)).append(": ").append(metric[1])
					.append("</h3>\n<div class=\"wide\"><table class=\"defenses sortable\"><thead><tr>")
					.append("<th>setting</th><th>train acc.</th><th>test acc.</th><th>gap</th><th>ε</th>");
				grid.attacks().forEach(attack -> page.append("<th>").append(HtmlReport.escape(attack)).append("</th>"));
				page.append("</tr></thead><tbody>\n");
				for (GridReport.DatasetSummary summary : settings) {
					SeedAggregate spread = summary.spread();
					page.append("<tr><td>").append(HtmlReport.escape(String.valueOf(summary.setting())))
						.append("</td>")
						.append(spreadCell(spread.targetTrainAccuracy()))
						.append(spreadCell(spread.targetTestAccuracy()))
						.append(spreadCell(spread.targetGap()))
						.append((summary.epsilon() != null)
								? String.format(Locale.ROOT, "<td data-v=\"%s\">%.3g</td>", summary.epsilon(),
										summary.epsilon())
								: "<td data-v=\"NaN\">–</td>");
					for (String attack : grid.attacks()) {
						page.append(spreadCell(spread.attacks().get(attack), metric[0], null));
					}
					page.append("</tr>\n");
				}
				page.append("</tbody></table></div>\n");
			}
			for (Path plot : plots.getOrDefault(PRIVACY_UTILITY + dataset, List.of())) {
				image(page, plot);
			}
			sharedPoints(page, PrivacyUtilityPlots.points(grid, dataset));
		}
	}

	/** Says which settings' markers overlap in each privacy-utility plot, where the last drawn hides the others. */
	private static void sharedPoints(StringBuilder page, List<PrivacyUtilityPlots.Point> points) {
		for (boolean byAuc : new boolean[] { true, false }) {
			String metric = byAuc ? "AUC" : "TPR at 1% FPR";
			for (List<PrivacyUtilityPlots.Point> group : PrivacyUtilityPlots.overlapping(points, byAuc)) {
				List<String> each = group.stream()
					.map(point -> String.format(Locale.ROOT, "%s (%s %.3f, test accuracy %.3f)",
							(point.setting() != null) ? point.setting() : "as given", metric,
							PrivacyUtilityPlots.x(point, byAuc).mean(), point.testAccuracy().mean()))
					.toList();
				page.append("<p class=\"note\">").append(HtmlReport.escape(String.join(", ", each)))
					.append(" overlap in the ").append(metric).append(" plot: the last drawn hides the others.</p>\n");
			}
		}
	}

	/** The key of a dataset's privacy-utility plots among the page's plots. */
	public static final String PRIVACY_UTILITY = "privacy-utility:";

	private static void image(StringBuilder page, Path plot) throws IOException {
		page.append("<img alt=\"").append(HtmlReport.escape(plot.getFileName().toString()))
			.append("\" src=\"data:image/png;base64,")
			.append(Base64.getEncoder().encodeToString(Files.readAllBytes(plot)))
			.append("\">\n");
	}

	/** The first summary of a dataset: the grid's first setting, or the command as given. */
	private static GridReport.DatasetSummary baseline(GridReport grid, String dataset) {
		return grid.summaries().stream().filter(s -> s.dataset().equals(dataset)).findFirst().orElseThrow();
	}

	/** Whether a summary's target had no defense and answered in full, as the papers' undefended figures assume. */
	private static boolean undefended(GridReport.DatasetSummary summary) {
		Map<String, Object> recipe = summary.configuration().targetRecipe();
		return "full".equals(summary.configuration().targetOutputPolicy())
				&& java.util.stream.Stream.of("dropout", "l2", "dpSgd", "stacking").noneMatch(recipe::containsKey);
	}

	private static String spreadCell(Map<String, SeedAggregate.Spread> metrics, String metric, Double best) {
		SeedAggregate.Spread spread = (metrics != null) ? metrics.get(metric) : null;
		if (spread == null) {
			return "<td data-v=\"NaN\">n/a</td>";
		}
		boolean bold = best != null && spread.mean() >= best;
		return "<td data-v=\"" + spread.mean() + "\">" + (bold ? "<b>" : "") + spread + (bold ? "</b>" : "") + "</td>";
	}

	private static String spreadCell(SeedAggregate.Spread spread) {
		return spreadCell(Map.of("x", spread), "x", null);
	}

	/** The largest mean of {@code metric} among the attacks on {@code dataset}. */
	private static Double best(GridReport grid, String dataset, String metric) {
		return grid.summary(dataset).spread().attacks().values().stream()
			.map(metrics -> metrics.get(metric))
			.filter(java.util.Objects::nonNull)
			.mapToDouble(SeedAggregate.Spread::mean)
			.max()
			.stream()
			.boxed()
			.findFirst()
			.orElse(null);
	}

	private static void section(StringBuilder page, String name, Object value) throws IOException {
		page.append("<h3>").append(HtmlReport.escape(name)).append("</h3>\n<pre>")
			.append(HtmlReport.escape(ReportWriter.JSON.writeValueAsString(value)))
			.append("</pre>\n");
	}

	/** "0-4" for a run of consecutive seeds, else "0, 2, 5". */
	public static String seedText(List<Long> seeds) {
		boolean range = seeds.size() > 1;
		for (int i = 1; i < seeds.size() && range; i++) {
			range = seeds.get(i) == seeds.get(i - 1) + 1;
		}
		return range ? seeds.get(0) + "-" + seeds.get(seeds.size() - 1)
				: String.join(", ", seeds.stream().map(String::valueOf).toList());
	}

}
