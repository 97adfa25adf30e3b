package dev.mlaas.attacker.attack;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ML-Leaks' combining attack (Salem et al., section IV), for an attacker who does not know the target's algorithm:
 * sub-shadows of several algorithms (the ML-Leaks shadow's network, a random forest, logistic regression) train
 * through the service on the same shadow members; the top-3 sorted posteriors of each on its members and
 * non-members are stacked into one attack training set, so the attack model learns what membership looks like
 * whichever algorithm answered.
 */
public final class MlLeaksCombining implements MembershipAttack {

	/** The algorithms beside the ML-Leaks shadow's own, as the service names them. */
	static final List<String> SUB_SHADOWS = List.of("random-forest", "logistic-regression");

	private final AttackModel attackModel;

	public MlLeaksCombining(AttackModel attackModel) {
		this.attackModel = attackModel;
	}

	@Override
	public String id() {
		return "ml-leaks-combining";
	}

	/** The 3 largest posteriors (2 of a binary task) are all it reads: top-k with k >= 3 leaves them. */
	@Override
	public String notApplicable(String policy, int classes) {
		return PosteriorFeatures.mlLeaksNotApplicable(policy, classes);
	}

	@Override
	public boolean needsShadow() {
		return true;
	}

	@Override
	public List<String> subShadows() {
		return SUB_SHADOWS;
	}

	@Override
	public long ownQueries(FeatureDomain domain, int ownRecords) {
		// the ML-Leaks shadow's answers are shared; each sub-shadow is asked about both of its halves
		return SUB_SHADOWS.size() * 2L * (ownRecords / 2);
	}

	@Override
	public long ownJobs() {
		return SUB_SHADOWS.size();
	}

	@Override
	public AttackOutcome attack(Observations observations) {
		Observations.Shadow shadow = observations.requireShadow();
		List<Observations.Shadow> all = new ArrayList<>();
		all.add(shadow);
		for (String architecture : SUB_SHADOWS) {
			Observations.Shadow sub = shadow.others().get(architecture);
			if (sub == null) {
				throw new IllegalStateException("the run did not train the " + architecture + " sub-shadow");
			}
			all.add(sub);
		}
		float[][] target = observations.targetPosteriors();
		int k = PosteriorFeatures.mlLeaksK(Math.min(shadow.inPosteriors()[0].length, target[0].length));
		List<float[]> rows = new ArrayList<>();
		List<Boolean> members = new ArrayList<>();
		for (Observations.Shadow one : all) {
			for (float[] row : PosteriorFeatures.topK(one.inPosteriors(), k)) {
				rows.add(row);
				members.add(true);
			}
			for (float[] row : PosteriorFeatures.topK(one.outPosteriors(), k)) {
				rows.add(row);
				members.add(false);
			}
		}
		boolean[] isMember = new boolean[members.size()];
		for (int i = 0; i < isMember.length; i++) {
			isMember[i] = members.get(i);
		}
		AttackModel.Trained model = this.attackModel.train(rows.toArray(float[][]::new), isMember);
		double[] scores = model.memberProbability(PosteriorFeatures.topK(target, k));
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("subShadows", all.size());
		details.put("attackTrainingRows", isMember.length);
		details.put("attackModel", this.attackModel.kind());
		details.putAll(model.details());
		return new AttackOutcome(scores, AttackOutcome.above(scores, 0.5), details);
	}

}
