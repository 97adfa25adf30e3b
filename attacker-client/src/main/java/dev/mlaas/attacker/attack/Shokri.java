package dev.mlaas.attacker.attack;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Shokri et al.'s attack (S&amp;P 2017): k shadow models, each on its own random half of the attacker's records
 * (the run's offline reference models, shared with LiRA and RMIA), each asked about its whole pool; one attack
 * model per class learns, from a shadow's posterior vector on a record of that class, whether the shadow trained on
 * it. The target's posterior on a candidate goes to the attack model of the candidate's class. The vector is sorted
 * largest first by default, which lets every class's model learn from a confident shadow whichever class it
 * favoured; the paper's unsorted vector is an option.
 */
public final class Shokri implements MembershipAttack {

	private final int shadows;

	private final boolean sorted;

	private final AttackModel attackModel;

	/**
	 * @param shadows k, the shadow models (the paper: up to 100; here 10 by default)
	 * @param sorted the posterior vector sorted largest first, or in class order as in the paper
	 */
	public Shokri(int shadows, boolean sorted, AttackModel attackModel) {
		if (shadows < 1) {
			throw new IllegalArgumentException("Shokri's attack needs at least one shadow model");
		}
		this.shadows = shadows;
		this.sorted = sorted;
		this.attackModel = attackModel;
	}

	@Override
	public String id() {
		return "shokri";
	}

	@Override
	public boolean needsShadow() {
		return false;
	}

	@Override
	public Observations.ReferenceNeeds referenceNeeds() {
		return new Observations.ReferenceNeeds(this.shadows, false, false, true);
	}

	@Override
	public AttackOutcome attack(Observations observations) {
		Observations.References references = observations.requireReferences();
		Observations.Pool pool = references.requirePool();
		int used = Math.min(this.shadows, references.count());
		int classes = observations.targetPosteriors()[0].length;
		List<List<float[]>> rows = new ArrayList<>();
		List<List<Boolean>> members = new ArrayList<>();
		for (int c = 0; c < classes; c++) {
			rows.add(new ArrayList<>());
			members.add(new ArrayList<>());
		}
		List<float[]> allRows = new ArrayList<>();
		List<Boolean> allMembers = new ArrayList<>();
		for (int s = 0; s < used; s++) {
			for (int r = 0; r < pool.records().size(); r++) {
				int label = pool.records().labels()[r];
				float[] features = features(pool.answers()[s][r]);
				boolean in = pool.in()[s][r];
				if (label < classes) {
					rows.get(label).add(features);
					members.get(label).add(in);
				}
				allRows.add(features);
				allMembers.add(in);
			}
		}
		AttackModel.Trained[] perClass = new AttackModel.Trained[classes];
		// each class's model is seeded on its own, so training them side by side gives the same models
		java.util.stream.IntStream.range(0, classes).parallel().forEach(c -> {
			if (bothKinds(members.get(c))) {
				perClass[c] = this.attackModel.withSeed(this.attackModel.mlp().seed() + c + 1)
					.train(rows.get(c).toArray(float[][]::new), toArray(members.get(c)));
			}
		});
		int fallbacks = (int) java.util.Arrays.stream(perClass).filter(java.util.Objects::isNull).count();
		boolean unknownLabels = java.util.Arrays.stream(observations.candidates().labels()).anyMatch(l -> l >= classes);
		// the model of all classes serves classes without both kinds of rows and labels the target has no class
		// for: trained only when one of them occurs
		AttackModel.Trained global = (fallbacks > 0 || unknownLabels)
				? this.attackModel.train(allRows.toArray(float[][]::new), toArray(allMembers)) : null;
		for (int c = 0; c < classes; c++) {
			if (perClass[c] == null) {
				perClass[c] = global;
			}
		}
		float[][] target = observations.targetPosteriors();
		int[] labels = observations.candidates().labels();
		double[] scores = new double[target.length];
		// a label the target has no class for (classes = its posterior's length) goes to the model of all classes
		for (int c = 0; c <= classes; c++) {
			int[] ofClass = classMembers(labels, c, classes);
			if (ofClass.length == 0) {
				continue;
			}
			float[][] features = new float[ofClass.length][];
			for (int i = 0; i < ofClass.length; i++) {
				features[i] = features(target[ofClass[i]]);
			}
			double[] classScores = ((c < classes) ? perClass[c] : global).memberProbability(features);
			for (int i = 0; i < ofClass.length; i++) {
				scores[ofClass[i]] = classScores[i];
			}
		}
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("shadowModels", used);
		details.put("sortedPosteriors", this.sorted);
		details.put("attackModel", this.attackModel.kind());
		details.put("attackTrainingRows", allRows.size());
		details.put("classesOnTheGlobalModel", fallbacks);
		return new AttackOutcome(scores, AttackOutcome.above(scores, 0.5), details);
	}

	private float[] features(float[] posterior) {
		if (!this.sorted) {
			return posterior;
		}
		float[] copy = posterior.clone();
		Arrays.sort(copy);
		for (int i = 0, j = copy.length - 1; i < j; i++, j--) {
			float swap = copy[i];
			copy[i] = copy[j];
			copy[j] = swap;
		}
		return copy;
	}

	/** The candidates of class {@code c}, or for {@code c == classes} those of no class the target has. */
	private static int[] classMembers(int[] labels, int c, int classes) {
		return java.util.stream.IntStream.range(0, labels.length)
			.filter(i -> (c < classes) ? labels[i] == c : labels[i] >= classes)
			.toArray();
	}

	private static boolean bothKinds(List<Boolean> members) {
		return members.contains(true) && members.contains(false);
	}

	private static boolean[] toArray(List<Boolean> values) {
		boolean[] array = new boolean[values.size()];
		for (int i = 0; i < array.length; i++) {
			array[i] = values.get(i);
		}
		return array;
	}

}
