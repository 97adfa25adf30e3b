package dev.mlaas.attacker.experiment;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import dev.mlaas.attacker.attack.AttackMlp;
import dev.mlaas.attacker.attack.AttackOutcome;
import dev.mlaas.attacker.attack.MlLeaksAdversary1;
import dev.mlaas.attacker.attack.TargetModel;
import dev.mlaas.attacker.data.FourWaySplit;
import dev.mlaas.attacker.data.LabeledData;
import dev.mlaas.attacker.data.Shuffle;
import dev.mlaas.attacker.http.Api;
import dev.mlaas.attacker.http.MlaasClient;
import dev.mlaas.attacker.metrics.ConfusionMatrix;
import dev.mlaas.attacker.metrics.MembershipMetrics;
import dev.mlaas.attacker.metrics.RocCurve;
import dev.mlaas.attacker.report.ExperimentReport;

/**
 * The ML-Leaks evaluation protocol, played with two separate accounts on one service: the victim trains and
 * publishes a target on "target in"; the attacker, given only the target's id and its own "shadow in + out", runs
 * adversary 1; the evaluator (the only one who knows who is a member) scores it on target in vs target out.
 */
public final class MlLeaksExperiment {

	private final ExperimentConfig config;

	private final Consumer<String> progress;

	public MlLeaksExperiment(ExperimentConfig config, Consumer<String> progress) {
		this.config = config;
		this.progress = progress;
	}

	/** Runs the protocol on {@code data} (the dataset the configuration names, already loaded). */
	public ExperimentReport run(LabeledData data) {
		Instant started = Instant.now();
		Seeds seeds = Seeds.from(this.config.seed());
		FourWaySplit split = FourWaySplit.mlLeaks(data, this.config.n(), seeds.split());

		MlaasClient victim = signUp("victim");
		MlaasClient attacker = signUp("attacker");

		this.progress.accept("victim: uploading target training data (" + split.targetIn().size() + " records)");
		Api.Dataset targetData = victim.upload("target-in", split.targetIn());
		Map<String, Object> targetRecipe = withSeed(this.config.targetRecipe(), seeds.targetTraining());
		Api.Job targetJob = victim.train(targetData.id(), targetRecipe);
		Api.Job targetDone = victim.awaitJob(targetJob.id(), job -> this.progress
			.accept("victim: target model training, epoch " + job.progress().epoch() + "/" + job.progress().epochs()));
		long targetId = targetDone.modelId();
		victim.publish(targetId);
		// the victim checks its model before anyone attacks it, as an owner would; the attack then meets a service
		// that has answered queries before, as a running one has, instead of one compiling its query path
		this.progress.accept("victim: measuring the target's accuracy on its training data and on held-out data");
		double trainAccuracy = MlLeaksAdversary1.accuracy(
				victim.predict(targetId, split.targetIn().features(), this.config.queryBatchSize()),
				split.targetIn().labels());
		double testAccuracy = MlLeaksAdversary1.accuracy(
				victim.predict(targetId, split.targetOut().features(), this.config.queryBatchSize()),
				split.targetOut().labels());

		Candidates candidates = Candidates.of(split.targetIn(), split.targetOut(), seeds.candidateOrder());
		Map<String, Object> shadowRecipe = this.config.attackerKnowsRecipe()
				? withSeed(this.config.targetRecipe(), seeds.shadowTraining())
				: withSeed(Map.of("architecture", "auto"), seeds.shadowTraining());
		MlLeaksAdversary1 attack = new MlLeaksAdversary1(attacker,
				concat(split.shadowIn(), split.shadowOut()), new MlLeaksAdversary1.Settings(shadowRecipe,
						seeds.shadowSplit(), attackModelSettings(seeds)),
				this.progress);
		Instant attackStarted = Instant.now();
		AttackOutcome outcome = attack.attack(new TargetModel(attacker, targetId, this.config.queryBatchSize()),
				candidates.records());
		Duration attackWallTime = Duration.between(attackStarted, Instant.now());
		Map<String, Object> attackDetails = outcome.details();
		if (this.config.timeShadowAlone()) {
			attackDetails = withShadowJobAlone(attackDetails, attack, shadowRecipe);
		}

		this.progress.accept("evaluator: scoring the attack");
		RocCurve roc = RocCurve.of(outcome.scores(), candidates.members());
		MembershipMetrics metrics = MembershipMetrics.from(roc,
				ConfusionMatrix.of(outcome.decisions(), candidates.members()));

		return new ExperimentReport(started, Instant.now(), this.config, seeds, data.size(), data.numClasses(),
				new ExperimentReport.Target(targetId, targetDone.trainingAccuracy(),
						targetDone.trainingSeconds(), trainAccuracy, testAccuracy),
				new ExperimentReport.Attack(attack.name(), shadowRecipe, attackDetails, metrics, roc.points()),
				ExperimentReport.Cost.of(attacker, attackWallTime), ExperimentReport.Cost.of(victim, null),
				victim.serverCompute());
	}

	/**
	 * The attack's details plus its wall time against the same shadow job trained again, from an account of its own,
	 * with nothing else running: the attacker's queries and local work overlap its shadow job, and where they share
	 * the service's cores they slow the very job the attack's time is divided by.
	 */
	private Map<String, Object> withShadowJobAlone(Map<String, Object> details, MlLeaksAdversary1 attack,
			Map<String, Object> shadowRecipe) {
		MlaasClient timekeeper = signUp("timekeeper");
		this.progress.accept("timekeeper: training the attacker's shadow job again, alone");
		Api.Dataset dataset = timekeeper.upload("shadow-in-again", attack.shadowTrainingData());
		Api.Job done = timekeeper.awaitJob(timekeeper.train(dataset.id(), shadowRecipe).id(), job -> {
		});
		Map<String, Object> timed = new LinkedHashMap<>(details);
		timed.put("shadowJobAloneSeconds", done.trainingSeconds());
		Object attackSeconds = details.get("attackWallSeconds");
		if (attackSeconds instanceof Number seconds && done.trainingSeconds() != null && done.trainingSeconds() > 0) {
			timed.put("attackOverShadowJobAlone", Math.round(seconds.doubleValue() / done.trainingSeconds() * 1000) / 1000.0);
		}
		return timed;
	}

	private MlaasClient signUp(String role) {
		Api.NewKey key = MlaasClient.createAccount(this.config.server(), role + "-" + Instant.now().toEpochMilli());
		this.progress.accept(role + ": signed up as account " + key.accountId() + " (key " + key.prefix() + ")");
		return new MlaasClient(this.config.server(), key.apiKey());
	}

	private AttackMlp.Settings attackModelSettings(Seeds seeds) {
		AttackMlp.Settings paper = AttackMlp.Settings.mlLeaks(seeds.attackModel());
		return new AttackMlp.Settings(paper.hiddenUnits(), this.config.attackEpochs(), paper.batchSize(),
				paper.learningRate(), paper.seed());
	}

	private static Map<String, Object> withSeed(Map<String, Object> recipe, long seed) {
		Map<String, Object> seeded = new LinkedHashMap<>(recipe);
		seeded.put("seed", seed);
		return seeded;
	}

	private static LabeledData concat(LabeledData a, LabeledData b) {
		float[][] features = java.util.Arrays.copyOf(a.features(), a.size() + b.size());
		System.arraycopy(b.features(), 0, features, a.size(), b.size());
		int[] labels = java.util.Arrays.copyOf(a.labels(), a.size() + b.size());
		System.arraycopy(b.labels(), 0, labels, a.size(), b.size());
		return new LabeledData(features, labels, a.recordShape());
	}

	/** Members and non-members in one seeded order, so nothing about membership is in the position. */
	record Candidates(LabeledData records, boolean[] members) {

		static Candidates of(LabeledData in, LabeledData out, long seed) {
			LabeledData all = concat(in, out);
			int[] order = Shuffle.permutation(all.size(), seed);
			boolean[] members = new boolean[order.length];
			for (int i = 0; i < order.length; i++) {
				members[i] = order[i] < in.size();
			}
			return new Candidates(all.subset(order), members);
		}

	}

}
