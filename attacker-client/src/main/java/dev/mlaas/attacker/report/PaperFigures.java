package dev.mlaas.attacker.report;

import java.util.List;

/**
 * The papers' own figures for an attack on the dataset ours stands in for, to print beside ours: only those the
 * papers state as numbers (science.md and the papers in the project's notes), each with where it comes from.
 * Purchase-like stands in for Purchase-100; the papers give no figure for Fashion-MNIST (ML-Leaks calls MNIST
 * "weak" without one).
 */
public final class PaperFigures {

	/**
	 * One published figure: null where the paper gives none.
	 *
	 * @param dataset our dataset's name
	 * @param paperDataset the dataset the paper ran on
	 */
	public record Figure(String attack, String dataset, String paperDataset, Double precision, Double recall,
			Double auc, String source) {

		/** "precision 0.89, recall 0.86 (ML-Leaks ..., Purchase-100)". */
		public String text() {
			StringBuilder text = new StringBuilder();
			if (this.precision != null) {
				text.append("precision ").append(this.precision);
			}
			if (this.recall != null) {
				text.append((text.length() > 0) ? ", " : "").append("recall ").append(this.recall);
			}
			if (this.auc != null) {
				text.append((text.length() > 0) ? ", " : "").append("AUC ").append(this.auc);
			}
			return text + " (" + this.source + ", " + this.paperDataset + ")";
		}

	}

	private static final List<Figure> ALL = List.of(
			new Figure("ml-leaks-1", "purchase-like", "Purchase-100", 0.89, 0.86, null,
					"ML-Leaks, local; 0.90 / 0.89 on Google's MLaaS"),
			new Figure("ml-leaks-combining", "purchase-like", "Purchase-100, MLP target", 0.88, 0.85, null,
					"ML-Leaks Table II"),
			new Figure("ml-leaks-2", "purchase-like", "Purchase-100, shadow on Location", 0.80, 0.78, null,
					"ML-Leaks, on Google's MLaaS"));

	private PaperFigures() {
	}

	/** The published figures for these attacks on these datasets, in the order of the attacks. */
	public static List<Figure> of(List<String> attacks, List<String> datasets) {
		return ALL.stream().filter(f -> attacks.contains(f.attack()) && datasets.contains(f.dataset())).toList();
	}

	/** The published figure for one attack on one dataset, if the papers give one. */
	public static java.util.Optional<Figure> of(String attack, String dataset) {
		return ALL.stream().filter(f -> f.attack().equals(attack) && f.dataset().equals(dataset)).findFirst();
	}

}
