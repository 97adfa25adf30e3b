package dev.mlaas.attacker.attack;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

import dev.mlaas.attacker.data.LabeledData;
import dev.mlaas.attacker.data.Shuffle;
import dev.mlaas.attacker.http.Api;
import dev.mlaas.attacker.http.MlaasClient;
import dev.mlaas.attacker.http.PredictBatch;

/**
 * Makes a run's {@link Observations}: queries the target on the candidates and, when an attack of the run needs it,
 * trains the ML-Leaks shadow through the service on half of the attacker's data (the recipe it assumes for the
 * target) and queries it on both halves. The target's answers do not depend on the shadow, so they are asked for
 * while the shadow trains.
 */
public final class Observer {

	/**
	 * Shadow queries sent at once, so that the service has a batch to work on while the client reads an answer
	 * (end to end on two cores, 2, 3 and 4 measured alike: 0.16-0.18 s for the 5,000 queries).
	 */
	private static final int SHADOW_QUERIES_IN_FLIGHT = 3;

	private final MlaasClient attacker;

	private final LabeledData shadowData;

	private final Map<String, Object> shadowRecipe;

	private final long splitSeed;

	private final Consumer<String> progress;

	/**
	 * @param shadowRecipe the recipe the shadow trains with (the target's, when the attacker knows it;
	 * {@code {"architecture": "auto"}} to ask for the service's default)
	 * @param splitSeed the seed that halves the attacker's data into the shadow's members and non-members
	 */
	public Observer(MlaasClient attacker, LabeledData shadowData, Map<String, Object> shadowRecipe, long splitSeed,
			Consumer<String> progress) {
		this.attacker = attacker;
		this.shadowData = shadowData;
		this.shadowRecipe = shadowRecipe;
		this.splitSeed = splitSeed;
		this.progress = progress;
	}

	/**
	 * The target's answers on the candidates, the ML-Leaks shadow's on its halves when {@code trainShadow}, and
	 * reference models when {@code references} is not null.
	 */
	public Observations observe(TargetModel target, LabeledData candidates, FeatureDomain domain,
			boolean trainShadow, Observations.ReferenceNeeds references, long referenceSeed) {
		return observe(target, candidates, domain, trainShadow, List.of(), references, referenceSeed);
	}

	/**
	 * As {@link #observe(TargetModel, LabeledData, FeatureDomain, boolean, Observations.ReferenceNeeds, long)}, with
	 * sub-shadows of the given architectures trained on the ML-Leaks shadow's members beside it.
	 */
	public Observations observe(TargetModel target, LabeledData candidates, FeatureDomain domain,
			boolean trainShadow, List<String> subShadows, Observations.ReferenceNeeds references,
			long referenceSeed) {
		Pending pending = observe(target, candidates, domain, trainShadow, subShadows);
		Observations observed = pending.observed();
		Observations.References trained = null;
		if (references != null) {
			long started = System.nanoTime();
			trained = references(target, candidates, references, referenceSeed);
			observed.details().put("referenceModels", references.count());
			observed.details().put("referencesOnline", references.online());
			observed.details().put("referencePhaseSeconds", seconds(started, System.nanoTime()));
		}
		Observations.Shadow shadow = observed.shadow();
		if (shadow != null && !subShadows.isEmpty()) {
			Map<String, Observations.Shadow> others = answers(pending.subShadows());
			others.forEach((architecture, sub) -> observed.details().put(architecture + "SubShadowTestAccuracy",
					accuracy(sub.outPosteriors(), sub.out().labels())));
			shadow = shadow.withOthers(others);
		}
		return new Observations(candidates, observed.targetPosteriors(), shadow, trained, target, domain,
				observed.details());
	}

	/** An observation whose sub-shadows may still be training (a random forest takes longer than the MLP). */
	private record Pending(Observations observed, CompletableFuture<Map<String, Observations.Shadow>> subShadows) {
	}

	/**
	 * Reference models on random halves of a pool. Online, the pool is the candidates: each reference trains on half
	 * of them, as many records as the target trained on, so each candidate is in about half of the references
	 * (Carlini et al.'s setup). Offline, the pool is the attacker's own records minus the RMIA population,
	 * which no model may train on.
	 */
	private Observations.References references(TargetModel target, LabeledData candidates,
			Observations.ReferenceNeeds needs, long seed) {
		int[] order = Shuffle.permutation(this.shadowData.size(), seed);
		int populationSize = needs.population() ? Observations.ReferenceNeeds.populationSize(this.shadowData.size())
				: 0;
		LabeledData population = this.shadowData.subset(Arrays.copyOfRange(order, 0, populationSize));
		LabeledData own = this.shadowData.subset(Arrays.copyOfRange(order, populationSize, order.length));
		LabeledData pool = needs.online() ? candidates : own;
		boolean askPool = needs.pool() && !needs.online();
		float[][] queries = concat(candidates.features(), population.features());
		if (askPool) {
			queries = concat(queries, pool.features());
		}
		this.progress.accept("attacker: training " + needs.count() + " reference models ("
				+ (needs.online() ? "online: the candidates are in their pool" : "offline") + ")");
		List<ShadowPool.Shadow> shadows = new ShadowPool(this.attacker, this.shadowRecipe, this.progress)
			.train(pool, needs.count(), seed, queries, target.batchSize());
		int m = candidates.size();
		boolean[][] candidateIn = new boolean[shadows.size()][];
		float[][][] onCandidates = new float[shadows.size()][][];
		float[][][] onPopulation = needs.population() ? new float[shadows.size()][][] : null;
		boolean[][] poolIn = new boolean[shadows.size()][];
		float[][][] onPool = new float[shadows.size()][][];
		for (int s = 0; s < shadows.size(); s++) {
			ShadowPool.Shadow shadow = shadows.get(s);
			candidateIn[s] = needs.online() ? Arrays.copyOf(shadow.trainedOn(), m) : new boolean[m];
			onCandidates[s] = Arrays.copyOfRange(shadow.answers(), 0, m);
			if (onPopulation != null) {
				onPopulation[s] = Arrays.copyOfRange(shadow.answers(), m, m + populationSize);
			}
			poolIn[s] = shadow.trainedOn();
			onPool[s] = askPool ? Arrays.copyOfRange(shadow.answers(), m + populationSize, shadow.answers().length)
					: onCandidates[s];
		}
		float[][] targetOnPopulation = needs.population() ? target.query(population.features()) : null;
		return new Observations.References(needs.online(), candidateIn, onCandidates,
				needs.population() ? population : null, onPopulation, targetOnPopulation,
				needs.pool() ? new Observations.Pool(pool, poolIn, onPool) : null);
	}

	/** The target's answers on the candidates, and the shadow's on its halves when {@code trainShadow}. */
	public Observations observe(TargetModel target, LabeledData candidates, FeatureDomain domain,
			boolean trainShadow) {
		return observe(target, candidates, domain, trainShadow, List.of()).observed();
	}

	private Pending observe(TargetModel target, LabeledData candidates, FeatureDomain domain, boolean trainShadow,
			List<String> subShadows) {
		Map<String, Object> details = new LinkedHashMap<>();
		if (!trainShadow) {
			this.progress.accept("attacker: querying the target model on " + candidates.size() + " candidates");
			long started = System.nanoTime();
			float[][] answers = target.query(candidates.features());
			details.put("queryPhaseSeconds", seconds(started, System.nanoTime()));
			return new Pending(new Observations(candidates, answers, null, target, domain, details),
					CompletableFuture.completedFuture(Map.of()));
		}
		LabeledData shadowIn = shadowHalf(true);
		LabeledData shadowOut = shadowHalf(false);
		long started = System.nanoTime();
		this.progress.accept("attacker: uploading shadow training data (" + shadowIn.size() + " records)");
		Api.Dataset dataset = this.attacker.upload("shadow-in", shadowIn);
		Api.Job job = this.attacker.train(dataset.id(), this.shadowRecipe);
		Map<String, Api.Job> subJobs = new LinkedHashMap<>();
		for (String architecture : subShadows) {
			Map<String, Object> recipe = new LinkedHashMap<>();
			recipe.put("architecture", architecture);
			recipe.put("seed", this.shadowRecipe.getOrDefault("seed", this.splitSeed));
			subJobs.put(architecture, this.attacker.train(dataset.id(), recipe));
		}
		this.progress.accept("attacker: querying the target model on " + candidates.size() + " candidates");
		CompletableFuture<float[][]> targetAnswers = CompletableFuture.supplyAsync(() -> {
			float[][] answers = target.query(candidates.features());
			// still waiting for the shadow: compile the attack model's training loop now rather than later
			AttackMlp.warmUp();
			return answers;
		});
		// written while the shadow trains: the queries it will be asked, its members then its non-members
		List<PredictBatch> shadowQueries = MlaasClient.encode(concat(shadowIn.features(), shadowOut.features()),
				target.batchSize());
		Api.Job done = this.attacker.awaitJob(job.id(), j -> this.progress
			.accept("attacker: shadow model training, epoch " + j.progress().epoch() + "/" + j.progress().epochs()));

		long shadowTrained = System.nanoTime();
		this.progress.accept("attacker: querying the shadow model on its members and non-members");
		float[][] shadowPosteriors = this.attacker.predict(done.modelId(), shadowQueries, SHADOW_QUERIES_IN_FLIGHT);
		int half = shadowIn.size();
		float[][] inPosteriors = Arrays.copyOfRange(shadowPosteriors, 0, half);
		float[][] outPosteriors = Arrays.copyOfRange(shadowPosteriors, half, 2 * half);
		// the sub-shadows are waited for on the side, so that reference models can train beside a slow forest
		CompletableFuture<Map<String, Observations.Shadow>> others = CompletableFuture.supplyAsync(() -> {
			Map<String, Observations.Shadow> trained = new LinkedHashMap<>();
			for (Map.Entry<String, Api.Job> sub : subJobs.entrySet()) {
				Api.Job subDone = this.attacker.awaitJob(sub.getValue().id(), j -> {
				});
				this.progress.accept("attacker: querying the " + sub.getKey() + " sub-shadow");
				float[][] answers = this.attacker.predict(subDone.modelId(), shadowQueries, SHADOW_QUERIES_IN_FLIGHT);
				trained.put(sub.getKey(), new Observations.Shadow(shadowIn, shadowOut,
						Arrays.copyOfRange(answers, 0, half), Arrays.copyOfRange(answers, half, 2 * half), subDone));
			}
			return trained;
		}, task -> {
			// a thread of its own: the wait is long, and the common pool may have one thread on two cores
			Thread thread = new Thread(task, "sub-shadows");
			thread.setDaemon(true);
			thread.start();
		});
		float[][] targetPosteriors = answers(targetAnswers);
		long queried = System.nanoTime();

		details.put("shadowDatasetId", dataset.id());
		details.put("shadowJobId", job.id());
		details.put("shadowModelId", done.modelId());
		details.put("shadowOutputPolicy", this.attacker.outputPolicy(done.modelId()));
		details.put("shadowTrainAccuracy", done.trainingAccuracy());
		details.put("shadowTestAccuracy", accuracy(outPosteriors, shadowOut.labels()));
		details.put("shadowJobTrainingSeconds", done.trainingSeconds());
		details.put("shadowPhaseSeconds", seconds(started, shadowTrained));
		details.put("queryPhaseSeconds", seconds(shadowTrained, queried));
		details.put("observeSeconds", seconds(started, queried));
		return new Pending(new Observations(candidates, targetPosteriors,
				new Observations.Shadow(shadowIn, shadowOut, inPosteriors, outPosteriors, done, Map.of(),
						TargetModel.of(this.attacker, done.modelId(), target.batchSize())),
				target, domain,
				details), others);
	}

	/** How many records the attacker holds for its shadow (members and non-members). */
	public int shadowDataSize() {
		return this.shadowData.size();
	}

	/** The half of the attacker's data that its shadow model trains on (the shadow's members). */
	public LabeledData shadowTrainingData() {
		return shadowHalf(true);
	}

	/** The shadow's members (the first half of the seeded order) or its non-members (the second). */
	private LabeledData shadowHalf(boolean members) {
		int[] order = Shuffle.permutation(this.shadowData.size(), this.splitSeed);
		int half = this.shadowData.size() / 2;
		int start = members ? 0 : half;
		return this.shadowData.subset(Arrays.copyOfRange(order, start, start + half));
	}

	/** The share of posteriors whose largest entry is the true label. */
	public static double accuracy(float[][] posteriors, int[] labels) {
		int correct = 0;
		for (int i = 0; i < posteriors.length; i++) {
			correct += (Signals.predictedLabel(posteriors[i]) == labels[i]) ? 1 : 0;
		}
		return (double) correct / posteriors.length;
	}

	static double seconds(long fromNanos, long toNanos) {
		return Math.round((toNanos - fromNanos) / 1e6) / 1000.0;
	}

	static float[][] concat(float[][] a, float[][] b) {
		float[][] all = Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, all, a.length, b.length);
		return all;
	}

	static double[] concatScores(double[] a, double[] b) {
		double[] all = Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, all, a.length, b.length);
		return all;
	}

	private static <T> T answers(CompletableFuture<T> answers) {
		try {
			return answers.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException cause) {
				throw cause;
			}
			throw ex;
		}
	}

}
