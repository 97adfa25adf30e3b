package dev.mlaas.attacker.attack;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

import dev.mlaas.attacker.data.LabeledData;
import dev.mlaas.attacker.http.Api;
import dev.mlaas.attacker.http.MlaasClient;
import dev.mlaas.attacker.http.PredictBatch;

/**
 * Many shadow models of one recipe, each trained through the service on its own random half of a record pool, and
 * each queried on the same records: what LiRA and RMIA read. All jobs are submitted at once, so the service runs as
 * many side by side as it allows, and each shadow is queried as soon as it is done.
 */
public final class ShadowPool {

	private final MlaasClient attacker;

	private final Map<String, Object> recipe;

	private final Consumer<String> progress;

	public ShadowPool(MlaasClient attacker, Map<String, Object> recipe, Consumer<String> progress) {
		this.attacker = attacker;
		this.recipe = recipe;
		this.progress = progress;
	}

	/**
	 * {@code count} shadows, shadow s on the half of {@code pool} that {@code seed}'s s-th draw picks, each asked
	 * about every one of {@code queries}.
	 *
	 * @return for each shadow, which pool records it trained on and its answers on the queries
	 */
	public List<Shadow> train(LabeledData pool, int count, long seed, float[][] queries, int batchSize) {
		SplittableRandom root = new SplittableRandom(seed);
		List<boolean[]> members = new ArrayList<>();
		List<Api.Job> jobs = new ArrayList<>();
		for (int s = 0; s < count; s++) {
			boolean[] in = randomHalf(pool.size(), root.split());
			members.add(in);
			Api.Dataset dataset = this.attacker.upload("shadow-" + s, pool.subset(indicesOf(in)));
			Map<String, Object> seeded = new java.util.LinkedHashMap<>(this.recipe);
			seeded.put("seed", root.split().nextLong());
			jobs.add(this.attacker.train(dataset.id(), seeded));
		}
		this.progress.accept("attacker: " + count + " shadow jobs submitted");
		List<PredictBatch> batches = MlaasClient.encode(queries, batchSize);
		List<Shadow> shadows = new ArrayList<>();
		for (int s = 0; s < count; s++) {
			Api.Job done = this.attacker.awaitJob(jobs.get(s).id(), job -> {
			});
			this.progress.accept("attacker: shadow " + (s + 1) + "/" + count + " trained; querying it");
			shadows.add(new Shadow(members.get(s), this.attacker.predict(done.modelId(), batches, 3), done));
		}
		return shadows;
	}

	/** A seeded random half: exactly half the records (rounded down), each equally likely. */
	static boolean[] randomHalf(int n, SplittableRandom random) {
		int[] order = java.util.stream.IntStream.range(0, n).toArray();
		for (int i = n - 1; i > 0; i--) {
			int j = random.nextInt(i + 1);
			int swap = order[i];
			order[i] = order[j];
			order[j] = swap;
		}
		boolean[] in = new boolean[n];
		for (int i = 0; i < n / 2; i++) {
			in[order[i]] = true;
		}
		return in;
	}

	private static int[] indicesOf(boolean[] in) {
		return java.util.stream.IntStream.range(0, in.length).filter(i -> in[i]).toArray();
	}

	/** One shadow: which pool records it trained on, its answers on the queries, its finished job. */
	public record Shadow(boolean[] trainedOn, float[][] answers, Api.Job job) {

		@Override
		public String toString() {
			return "Shadow[job " + this.job.id() + ", " + this.answers.length + " answers]";
		}

	}

}
