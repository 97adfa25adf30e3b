package dev.mlaas.attacker.attack;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * RMIA (Zarifzadeh, Liu and Shokri, ICML 2024), offline: Pr(x | target) is the target's posterior on x's true label;
 * Pr(x) is approximated from out-references as ((1 + a) mean_out + (1 - a)) / 2; a population z of the attacker's
 * own records (in no model's training data) is scored the same way, and score(x) is the share of z whose likelihood
 * ratio x beats: LR(x, z) = (Pr(x | target) / Pr(x)) / (Pr(z | target) / Pr(z)) >= gamma = 1. Member when the score
 * is above 0.95 (a non-member drawn like z beats each z with even odds, so about 5% false positives). The main score
 * uses every reference; 1, 2, 4 and 8 references are evaluated beside it, as the paper's point is few references.
 * The score moves in steps of 1 / |z|, so the records that beat every z tie at 1 and the ROC cannot rank them; the
 * ratio Pr(x | target) / Pr(x) itself, which orders the candidates as the score does with an unbounded population,
 * is evaluated beside it too.
 */
public final class Rmia implements MembershipAttack {

	/** The offline approximation's weight this client takes; the paper tunes it on references. */
	public static final double DEFAULT_A = 0.3;

	private final int references;

	private final double a;

	/** @param a the offline approximation's weight ({@link #DEFAULT_A} unless a test says otherwise) */
	public Rmia(int references, double a) {
		this.references = references;
		this.a = a;
	}

	@Override
	public String id() {
		return "rmia";
	}

	@Override
	public boolean needsShadow() {
		return false;
	}

	@Override
	public Observations.ReferenceNeeds referenceNeeds() {
		return new Observations.ReferenceNeeds(this.references, false, true);
	}


	@Override
	public AttackOutcome attack(Observations observations) {
		Observations.References refs = observations.requireReferences();
		// the run may have trained more references than this attack asked for (Shokri's): it reads the first ones
		int used = Math.min(this.references, refs.count());
		double[] scores = scores(observations, used);
		Map<String, double[]> fewer = new LinkedHashMap<>();
		fewer.put("ratio", ratios(observations, used));
		for (int k = 1; k < used; k *= 2) {
			fewer.put(k + (k == 1 ? "-reference" : "-references"), scores(observations, k));
		}
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("referenceModels", used);
		details.put("population", refs.population().size());
		details.put("a", this.a);
		details.put("gamma", 1.0);
		return new AttackOutcome(scores, AttackOutcome.above(scores, 0.95), fewer, details);
	}

	/** Scores with the first {@code k} references, using only the references each record was out of. */
	double[] scores(Observations observations, int k) {
		Observations.References refs = observations.requireReferences();
		double[] ratios = ratios(observations, k);
		int[] zLabels = refs.population().labels();
		double[] population = new double[zLabels.length];
		for (int j = 0; j < zLabels.length; j++) {
			double sum = 0;
			for (int s = 0; s < k; s++) {
				sum += refs.onPopulation()[s][j][zLabels[j]];
			}
			population[j] = ratio(refs.targetOnPopulation()[j][zLabels[j]], sum / k);
		}
		Arrays.sort(population);
		double[] scores = new double[ratios.length];
		for (int i = 0; i < ratios.length; i++) {
			// LR(x, z) >= 1 exactly when z's ratio is at most x's
			scores[i] = (double) upperBound(population, ratios[i]) / population.length;
		}
		return scores;
	}

	/** Each candidate's Pr(x | target) / Pr(x) from the first {@code k} references it was out of. */
	private double[] ratios(Observations observations, int k) {
		Observations.References refs = observations.requireReferences();
		int[] labels = observations.candidates().labels();
		double[] ratios = new double[labels.length];
		for (int i = 0; i < labels.length; i++) {
			double sum = 0;
			int count = 0;
			for (int s = 0; s < k; s++) {
				if (!refs.candidateIn()[s][i]) {
					sum += refs.onCandidates()[s][i][labels[i]];
					count++;
				}
			}
			ratios[i] = ratio(observations.targetPosteriors()[i][labels[i]], sum / Math.max(1, count));
		}
		return ratios;
	}

	/** Pr(x | target) / Pr(x), with Pr(x) from the out-references' mean. */
	private double ratio(double onTarget, double meanOut) {
		return onTarget / (((1 + this.a) * meanOut + (1 - this.a)) / 2);
	}

	/** How many of the sorted values are at most {@code value}. */
	static int upperBound(double[] sorted, double value) {
		int low = 0;
		int high = sorted.length;
		while (low < high) {
			int mid = (low + high) >>> 1;
			if (sorted[mid] <= value) {
				low = mid + 1;
			}
			else {
				high = mid;
			}
		}
		return low;
	}

}
