package dev.mlaas.attacker.attack;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ML-Leaks adversaries 1 and 2 (Salem et al., NDSS 2019): the shadow's top-3 sorted posteriors on its own members
 * and non-members train a local attack model, which then judges the target's posteriors. Adversary 2 is the same
 * attack with a shadow trained on data of another distribution (another domain, another class count): the sorted
 * top posteriors do not depend on which classes they belong to.
 */
public final class MlLeaksAdversary1 implements MembershipAttack {

	private final AttackModel attackModel;

	private final boolean transfer;

	/** @param transfer adversary 2: the run's shadow data come from another dataset than the target's */
	public MlLeaksAdversary1(AttackModel attackModel, boolean transfer) {
		this.attackModel = attackModel;
		this.transfer = transfer;
	}

	@Override
	public String id() {
		return this.transfer ? "ml-leaks-2" : "ml-leaks-1";
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
	public AttackOutcome attack(Observations observations) {
		Observations.Shadow shadow = observations.requireShadow();
		float[][] targetPosteriors = observations.targetPosteriors();
		long started = System.nanoTime();
		int k = PosteriorFeatures.mlLeaksK(Math.min(shadow.inPosteriors()[0].length, targetPosteriors[0].length));
		float[][] trainFeatures = Observer.concat(PosteriorFeatures.topK(shadow.inPosteriors(), k),
				PosteriorFeatures.topK(shadow.outPosteriors(), k));
		boolean[] trainMembers = new boolean[trainFeatures.length];
		java.util.Arrays.fill(trainMembers, 0, shadow.inPosteriors().length, true);

		AttackModel.Trained model = this.attackModel.train(trainFeatures, trainMembers);
		double[] scores = model.memberProbability(PosteriorFeatures.topK(targetPosteriors, k));
		long trained = System.nanoTime();

		Map<String, Object> details = new LinkedHashMap<>();
		details.put("featureCount", k);
		details.put("attackModel", this.attackModel.kind());
		details.putAll(model.details());
		details.put("attackModelTrainingSeconds", Observer.seconds(started, trained));
		details.put("attackModelTrainAccuracy",
				accuracy(AttackOutcome.above(model.memberProbability(trainFeatures), 0.5), trainMembers));
		return new AttackOutcome(scores, AttackOutcome.above(scores, 0.5), details);
	}

	static double accuracy(boolean[] decisions, boolean[] members) {
		int correct = 0;
		for (int i = 0; i < decisions.length; i++) {
			correct += (decisions[i] == members[i]) ? 1 : 0;
		}
		return (double) correct / decisions.length;
	}

}
