package dev.mlaas.attacker.experiment;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import dev.mlaas.attacker.attack.AttackOutcome;
import dev.mlaas.attacker.attack.Attacks;
import dev.mlaas.attacker.attack.FeatureDomain;
import dev.mlaas.attacker.attack.MembershipAttack;
import dev.mlaas.attacker.attack.MlLeaksAdversary1;
import dev.mlaas.attacker.attack.Observations;
import dev.mlaas.attacker.attack.Observer;
import dev.mlaas.attacker.attack.ShadowSource;
import dev.mlaas.attacker.attack.TargetModel;
import dev.mlaas.attacker.data.DataFiles;
import dev.mlaas.attacker.data.FourWaySplit;
import dev.mlaas.attacker.data.LabeledData;
import dev.mlaas.attacker.data.Shuffle;
import dev.mlaas.attacker.http.Api;
import dev.mlaas.attacker.http.BudgetExceededException;
import dev.mlaas.attacker.http.MlaasClient;
import dev.mlaas.attacker.metrics.ConfusionMatrix;
import dev.mlaas.attacker.metrics.MembershipMetrics;
import dev.mlaas.attacker.metrics.RocCurve;
import dev.mlaas.attacker.report.CostCurve;
import dev.mlaas.attacker.report.ExperimentReport;
import dev.mlaas.attacker.report.ExposedRecords;

/**
 * The ML-Leaks evaluation protocol, played with two separate accounts on one service: the victim trains and
 * publishes a target on "target in"; the attacker, given only the target's id and its own "shadow in + out", runs
 * the chosen attacks, which share one observation of the service (the target's answers on the candidates, and the
 * ML-Leaks shadow when one of them needs it); the evaluator (the only one who knows who is a member) scores each
 * attack on target in vs target out.
 */
public final class MlLeaksExperiment {

	private final ExperimentConfig config;

	private final Consumer<String> progress;

	/**
	 * An experiment that tells {@code progress} of its steps one line at a time. Its queries and waits run on several
	 * threads; the lines are handed over under a lock, so {@code progress} need not be thread-safe.
	 */
	public MlLeaksExperiment(ExperimentConfig config, Consumer<String> progress) {
		this.config = config;
		Object lock = new Object();
		this.progress = line -> {
			synchronized (lock) {
				progress.accept(line);
			}
		};
	}

	/** The recipe settings that are defenses, which an attacker who does not know them leaves out of its own. */
	private static final java.util.Set<String> DEFENSES = java.util.Set.of("dropout", "l2", "dpSgd", "stacking");

	/** The classes planned for before the data are read: enough for the ML-Leaks attacks' top 3. */
	private static final int PLANNED_CLASSES = 3;

	/** The attacks the configuration names that can read what the target's output policy leaves. */
	private List<MembershipAttack> attacks(Seeds seeds, int classes) {
		return allAttacks(seeds).stream()
			.filter(attack -> attack.notApplicable(this.config.targetOutputPolicy(), classes) == null)
			.toList();
	}

	private List<MembershipAttack> attacks(Seeds seeds) {
		return attacks(seeds, PLANNED_CLASSES);
	}

	private List<MembershipAttack> allAttacks(Seeds seeds) {
		return this.config.attackSettings().attacks(this.config.attacks(), seeds.attackModel(), seeds.attacks(),
				this.config.referenceModels());
	}

	/** Why each attack the configuration names that cannot run under the target's output policy cannot. */
	private Map<String, String> notApplicable(Seeds seeds, int classes) {
		Map<String, String> reasons = new LinkedHashMap<>();
		for (MembershipAttack attack : allAttacks(seeds)) {
			String reason = attack.notApplicable(this.config.targetOutputPolicy(), classes);
			if (reason != null) {
				reasons.put(attack.id(), reason);
			}
		}
		return reasons;
	}

	/** What the attacker's side of the run will spend ({@link Attacks#runPlan}), before anything is spent. */
	public MembershipAttack.Plan attackerPlan() {
		return this.config.attackSettings().plan(attacks(Seeds.from(this.config.seed())), 2 * this.config.n(),
				2 * this.config.n(), DataSources.domain(this.config.dataset()));
	}

	/** What each attack would spend run alone. */
	public Map<String, MembershipAttack.Plan> plansAlone() {
		Map<String, MembershipAttack.Plan> plans = new LinkedHashMap<>();
		for (MembershipAttack attack : attacks(Seeds.from(this.config.seed()))) {
			plans.put(attack.id(), Attacks.runPlan(List.of(attack), 2 * this.config.n(), 2 * this.config.n(),
					DataSources.domain(this.config.dataset())));
		}
		return plans;
	}

	/**
	 * Runs the protocol on {@code data} (the dataset the configuration names, already loaded).
	 *
	 * @throws BudgetExceededException before anything is spent when the attacker's plan is over its budget, and
	 * before any request that would pass it
	 */
	public ExperimentReport run(LabeledData data) {
		return run(data, null);
	}

	/**
	 * Runs the protocol with the attacker's own records taken from {@code shadowSource} (another dataset than the
	 * target's: ML-Leaks adversary 2), or from {@code data} when it is null.
	 */
	public ExperimentReport run(LabeledData data, LabeledData shadowSource) {
		Instant started = Instant.now();
		Seeds seeds = Seeds.from(this.config.seed());
		List<MembershipAttack> attacks = attacks(seeds, data.numClasses());
		Map<String, String> notApplicable = notApplicable(seeds, data.numClasses());
		if (attacks.isEmpty()) {
			throw new IllegalArgumentException("none of the attacks can run against a target that answers under "
					+ this.config.targetOutputPolicy() + ": " + notApplicable);
		}
		checkShadowSource(attacks, shadowSource != null);
		MembershipAttack.Plan plan = attackerPlan();
		this.config.budget().exceededBy(plan.uploads(), plan.trainingJobs(), plan.queries()).ifPresent(over -> {
			throw new BudgetExceededException("The attacker's plan is over its budget: " + over);
		});
		FourWaySplit split = FourWaySplit.mlLeaks(data, this.config.n(), seeds.split());

		MlaasClient victim = signUp("victim");
		QueryClock queryClock = new QueryClock();
		MlaasClient attacker = signUp("attacker").withBudget(this.config.budget()).onPredict(queryClock::accept);
		if (this.config.attackerKnowsPolicy()) {
			attacker.withOwnModelsUnder(this.config.targetOutputPolicy());
		}

		this.progress.accept("victim: uploading target training data (" + split.targetIn().size() + " records)");
		Api.Dataset targetData = victim.upload("target-in", split.targetIn());
		Map<String, Object> targetRecipe = withSeed(this.config.targetRecipe(), seeds.targetTraining());
		Api.Job targetJob = victim.train(targetData.id(), targetRecipe);
		Api.Job targetDone = victim.awaitJob(targetJob.id(), job -> this.progress
			.accept("victim: target model training, epoch " + job.progress().epoch() + "/" + job.progress().epochs()));
		long targetId = targetDone.modelId();
		victim.publish(targetId);
		if (!this.config.targetOutputPolicy().equals("full")) {
			victim.setOutputPolicy(targetId, this.config.targetOutputPolicy());
		}
		// the victim checks its model before anyone attacks it, as an owner would; the attack then meets a service
		// that has answered queries before, as a running one has, instead of one compiling its query path
		this.progress.accept("victim: measuring the target's accuracy on its training data and on held-out data");
		double trainAccuracy = Observer.accuracy(
				victim.predict(targetId, split.targetIn().features(), this.config.queryBatchSize()),
				split.targetIn().labels());
		double testAccuracy = Observer.accuracy(
				victim.predict(targetId, split.targetOut().features(), this.config.queryBatchSize()),
				split.targetOut().labels());

		Candidates candidates = Candidates.of(split.targetIn(), split.targetOut(), seeds.candidateOrder());
		Map<String, Object> shadowRecipe = this.config.attackerKnowsRecipe()
				? withSeed(this.config.targetRecipe(), seeds.shadowTraining())
				: withSeed(Map.of("architecture", "auto"), seeds.shadowTraining());
		boolean shadowNeeded = attacks.stream().anyMatch(MembershipAttack::needsShadow);
		Observations.ReferenceNeeds references = Attacks.referenceNeeds(attacks);
		if (!this.config.attackerKnowsDefense()) {
			shadowRecipe = new LinkedHashMap<>(shadowRecipe);
			shadowRecipe.keySet().removeAll(DEFENSES);
		}
		if (this.config.shadowHiddenUnits() != null && shadowRecipe.containsKey("hiddenUnits")) {
			shadowRecipe = new LinkedHashMap<>(shadowRecipe);
			shadowRecipe.put("hiddenUnits", this.config.shadowHiddenUnits());
		}
		LabeledData own = concat(split.shadowIn(), split.shadowOut());
		if (shadowSource != null) {
			FourWaySplit other = FourWaySplit.mlLeaks(shadowSource, this.config.n(), seeds.split());
			own = concat(other.shadowIn(), other.shadowOut());
			shadowRecipe = withSeed(Map.of("architecture", shadowArchitecture(shadowSource)), seeds.shadowTraining());
		}
		Instant attackStarted = Instant.now();
		TargetModel target = TargetModel.of(attacker, targetId, this.config.queryBatchSize());
		FeatureDomain domain = DataSources.domain(this.config.dataset());
		ShadowSource source = this.config.attackSettings().source();
		Map<String, Object> sourceDetails = new LinkedHashMap<>();
		if (!(source instanceof ShadowSource.Real)) {
			this.progress.accept("attacker: making its shadow data (" + source.id() + ")");
			long made = System.nanoTime();
			own = source.make(own, domain, target, seeds.shadowSource(), sourceDetails);
			sourceDetails.put("shadowSourceSeconds", (System.nanoTime() - made) / 1e9);
		}
		Observer observer = new Observer(attacker, own, shadowRecipe, seeds.shadowSplit(), this.progress);
		Observations observations = observer.observe(target, candidates.records(), domain, shadowNeeded,
				Attacks.subShadows(attacks), references, seeds.references());
		observations.details().put("shadowSource", source.id());
		observations.details().put("targetOutputPolicy", target.outputPolicy());
		observations.details().putAll(sourceDetails);

		List<ExperimentReport.Attack> results = new ArrayList<>();
		double localSeconds = 0;
		Map<String, double[]> scores = new LinkedHashMap<>();
		for (MembershipAttack attack : attacks) {
			this.progress.accept("attacker: " + attack.id());
			long attackStart = System.nanoTime();
			AttackOutcome outcome = attack.attack(observations);
			double attackSeconds = (System.nanoTime() - attackStart) / 1e9;
			localSeconds += attackSeconds;
			Map<String, Object> details = new LinkedHashMap<>(outcome.details());
			if (attack instanceof MlLeaksAdversary1) {
				speedGoal(details, observations, attackSeconds);
				if (this.config.timeShadowAlone()) {
					details = withShadowJobAlone(details, observer, shadowRecipe);
				}
			}
			this.progress.accept("evaluator: scoring " + attack.id());
			results.add(evaluate(attack, outcome, details, candidates, observer));
			scores.put(attack.id(), outcome.scores());
		}
		Duration attackWallTime = Duration.between(attackStarted, Instant.now());
		this.progress.accept("evaluator: the cost curve");
		CostCurve costCurve = CostCurves.of(attacks, results, observations, candidates.members(),
				this.config.attackSettings(), seeds.attackModel(), observer.shadowDataSize(), domain,
				new dev.mlaas.attacker.http.Budget(null, null, null, MlaasClient.pricing(this.config.server())));
		observations.details().put("timing", timing(attacker, attackWallTime, queryClock.seconds(), localSeconds));

		return new ExperimentReport(started, Instant.now(), this.config, seeds, data.size(), data.numClasses(),
				new ExperimentReport.Target(targetId, targetDone.trainingAccuracy(),
						targetDone.trainingSeconds(), trainAccuracy, testAccuracy, privacy(victim, targetId)),
				shadowNeeded ? shadowRecipe : null, observations.details(), results,
				ExperimentReport.Cost.of(attacker, attackWallTime), ExperimentReport.Cost.of(victim, null),
				victim.serverCompute(), dataDescriptions(data, shadowSource), costCurve,
				mostExposed(results, scores, candidates), notApplicable);
	}

	/** The privacy the service says the target's DP-SGD spent (epsilon at delta), as its owner sees it; or null. */
	@SuppressWarnings("unchecked")
	private static Map<String, Object> privacy(MlaasClient owner, long modelId) {
		Map<String, Object> recipe = owner.model(modelId).recipe();
		return (recipe != null && recipe.get("dpSgd") instanceof Map<?, ?> dp) ? (Map<String, Object>) dp : null;
	}

	/**
	 * Where the attacker's wall time went: its training jobs' own seconds summed (what the service spent on it,
	 * side by side as it allows), the wall time with a query in flight, and the local attack work; each against the
	 * jobs' sum.
	 */
	private static Map<String, Object> timing(MlaasClient attacker, Duration wall, double querySeconds,
			double localSeconds) {
		double jobSeconds = attacker.jobs().stream()
			.map(Api.Job::trainingSeconds)
			.filter(java.util.Objects::nonNull)
			.mapToDouble(Double::doubleValue)
			.sum();
		double wallSeconds = wall.toMillis() / 1000.0;
		Map<String, Object> timing = new LinkedHashMap<>();
		timing.put("attackerWallSeconds", wallSeconds);
		timing.put("trainingJobSecondsSum", round(jobSeconds));
		timing.put("queryInFlightSeconds", round(querySeconds));
		timing.put("localAttackSeconds", round(localSeconds));
		timing.put("wallOverJobSum", (jobSeconds > 0) ? round(wallSeconds / jobSeconds) : null);
		timing.put("queriesAndLocalOverJobSum", (jobSeconds > 0) ? round((querySeconds + localSeconds) / jobSeconds)
				: null);
		return timing;
	}

	private static double round(double value) {
		return Math.round(value * 1000) / 1000.0;
	}

	/** The owner's list: the 20 candidates the best attack at 0.1% FPR (then by AUC) is surest of. */
	private static ExposedRecords mostExposed(List<ExperimentReport.Attack> results, Map<String, double[]> scores,
			Candidates candidates) {
		ExperimentReport.Attack best = results.stream()
			.max(java.util.Comparator
				.comparingDouble((ExperimentReport.Attack a) -> a.metrics().tprAt01PercentFpr())
				.thenComparingDouble(a -> a.metrics().auc()))
			.orElseThrow();
		return ExposedRecords.of(best.id(), scores.get(best.id()), candidates.records(), candidates.members(), 20);
	}

	private List<DataFiles.Description> dataDescriptions(LabeledData data, LabeledData shadowSource) {
		List<DataFiles.Description> described = new ArrayList<>();
		described.add(DataFiles.ofRecords(this.config.dataset(), data));
		if (shadowSource != null) {
			described.add(DataFiles.ofRecords(this.config.shadowDataset(), shadowSource));
		}
		return described;
	}

	/** Adversary 2 exactly when the shadow data come from another dataset; only the attacks that allow it then. */
	private static void checkShadowSource(List<MembershipAttack> attacks, boolean otherDataset) {
		for (MembershipAttack attack : attacks) {
			if (otherDataset && !Attacks.WITH_OTHER_SHADOW_DATA.contains(attack.id())) {
				throw new IllegalArgumentException(attack.id() + " needs shadow data from the target's own dataset; "
						+ "with --shadow-dataset run " + String.join(", ", Attacks.WITH_OTHER_SHADOW_DATA));
			}
			if (!otherDataset && attack.id().equals("ml-leaks-2")) {
				throw new IllegalArgumentException("ml-leaks-2 trains its shadow on another dataset: give --shadow-dataset");
			}
		}
	}

	/** The ML-Leaks recipe that fits the shadow data: the CNN for images of at least 12 x 12, the MLP otherwise. */
	private static String shadowArchitecture(LabeledData data) {
		int[] shape = data.recordShape();
		return (shape.length == 2 && shape[0] >= 12 && shape[1] >= 12) ? "cnn" : "mlp";
	}

	/** The evaluator's part: the only place that knows who is a member. */
	private ExperimentReport.Attack evaluate(MembershipAttack attack, AttackOutcome outcome,
			Map<String, Object> details, Candidates candidates, Observer observer) {
		RocCurve roc = RocCurve.of(outcome.scores(), candidates.members());
		MembershipMetrics metrics = (outcome.decisions() != null)
				? MembershipMetrics.from(roc, ConfusionMatrix.of(outcome.decisions(), candidates.members()))
				: MembershipMetrics.rankingOnly(roc);
		Map<String, ExperimentReport.Ranking> others = new LinkedHashMap<>();
		outcome.otherScores().forEach((name, scores) -> {
			RocCurve curve = RocCurve.of(scores, candidates.members());
			others.put(name, new ExperimentReport.Ranking(curve.auc(), curve.tprAtFpr(0.01), curve.tprAtFpr(0.001)));
		});
		return new ExperimentReport.Attack(attack.id(), metrics, others,
				Attacks.runPlan(List.of(attack), candidates.records().size(), observer.shadowDataSize(),
						DataSources.domain(this.config.dataset())),
				details, roc.points());
	}

	/**
	 * Adversary 1's speed goal: the whole attack, shadow upload to decisions (the shared observation and its own
	 * attack model), against the shadow job it cannot do without.
	 */
	private static void speedGoal(Map<String, Object> details, Observations observations, double ownSeconds) {
		Object observe = observations.details().get("observeSeconds");
		Double shadowJob = observations.requireShadow().job().trainingSeconds();
		if (observe instanceof Number observeSeconds) {
			double attackSeconds = Math.round((observeSeconds.doubleValue() + ownSeconds) * 1000) / 1000.0;
			details.put("attackWallSeconds", attackSeconds);
			details.put("attackOverShadowJob", (shadowJob != null && shadowJob > 0)
					? Math.round(attackSeconds / shadowJob * 1000) / 1000.0 : null);
		}
	}

	/**
	 * The attack's details plus its wall time against the same shadow job trained again, from an account of its own,
	 * with nothing else running: the attacker's queries and local work overlap its shadow job, and where they share
	 * the service's cores they slow the very job the attack's time is divided by.
	 */
	private Map<String, Object> withShadowJobAlone(Map<String, Object> details, Observer attack,
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
		return new MlaasClient(this.config.server(), key.apiKey())
			.onWait(wait -> this.progress.accept(role + ": " + wait));
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
