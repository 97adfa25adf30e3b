package dev.mlaas.attacker.attack;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import dev.mlaas.attacker.data.LabeledData;

/**
 * Where the attacker's shadow data come from (Shokri et al., section V.C), in decreasing order of what the attacker
 * knows: its real records, those records with a share of their features perturbed, records drawn feature by feature
 * from the real records' per-class marginals, or records synthesized from nothing with the target as the oracle
 * ({@link Synthesis}). Every shadow of a run trains on what the source gives.
 */
public sealed interface ShadowSource {

	/** The id users give to {@code --shadow-source}. */
	String id();

	/**
	 * The shadow data, made from the attacker's {@code real} records (only their size and class count, for
	 * {@link Synthesis}); {@code details} receives what the report should say about it.
	 */
	LabeledData make(LabeledData real, FeatureDomain domain, TargetModel target, long seed,
			Map<String, Object> details);

	/** Queries the source itself spends at most (only synthesis asks the target). */
	default long maxQueries(int records) {
		return 0;
	}

	/** The source {@code spec} names: {@code real}, {@code noisy[:fraction]}, {@code marginals} or {@code synthesis}. */
	static ShadowSource parse(String spec) {
		String[] parts = spec.trim().toLowerCase(Locale.ROOT).split(":", 2);
		return switch (parts[0]) {
			case "real" -> new Real();
			case "noisy" -> new Noisy((parts.length > 1) ? Double.parseDouble(parts[1]) : 0.1);
			case "marginals" -> new Marginals();
			case "synthesis" -> Synthesis.paper();
			default -> throw new IllegalArgumentException("unknown shadow source '" + spec
					+ "'; the sources are real, noisy[:fraction] (default 0.1), marginals and synthesis");
		};
	}

	/** The attacker's records as they are. */
	record Real() implements ShadowSource {

		@Override
		public String id() {
			return "real";
		}

		@Override
		public LabeledData make(LabeledData real, FeatureDomain domain, TargetModel target, long seed,
				Map<String, Object> details) {
			return real;
		}

	}

	/**
	 * The attacker's records with each feature perturbed with probability {@code fraction}: a bit flipped, a value in
	 * [0, 1] drawn anew, any other value replaced by the same feature of a random record (its marginal).
	 */
	record Noisy(double fraction) implements ShadowSource {

		public Noisy {
			if (!(fraction >= 0 && fraction <= 1)) {
				throw new IllegalArgumentException("the noisy source's fraction must be in [0, 1]: " + fraction);
			}
		}

		@Override
		public String id() {
			return "noisy:" + this.fraction;
		}

		@Override
		public LabeledData make(LabeledData real, FeatureDomain domain, TargetModel target, long seed,
				Map<String, Object> details) {
			SplittableRandom random = new SplittableRandom(seed);
			float[][] rows = new float[real.size()][];
			long changed = 0;
			for (int i = 0; i < rows.length; i++) {
				rows[i] = real.features()[i].clone();
				for (int f = 0; f < rows[i].length; f++) {
					if (random.nextDouble() < this.fraction) {
						rows[i][f] = switch (domain) {
							case BINARY -> 1f - rows[i][f];
							case UNIT_INTERVAL -> (float) random.nextDouble();
							case UNKNOWN -> real.features()[random.nextInt(real.size())][f];
						};
						changed++;
					}
				}
			}
			details.put("perturbedFeatureShare", (double) changed / Math.max(1L, (long) rows.length * real.numFeatures()));
			return new LabeledData(rows, real.labels().clone(), real.recordShape());
		}

	}

	/**
	 * As many records as the attacker holds, each of a class drawn as often as in the real records, every feature
	 * drawn independently from that class's marginal: the value of the same feature in a random real record of the
	 * class. Only per-class, per-feature statistics of the real data survive.
	 */
	record Marginals() implements ShadowSource {

		@Override
		public String id() {
			return "marginals";
		}

		@Override
		public LabeledData make(LabeledData real, FeatureDomain domain, TargetModel target, long seed,
				Map<String, Object> details) {
			SplittableRandom random = new SplittableRandom(seed);
			int[][] byClass = byClass(real);
			float[][] rows = new float[real.size()][real.numFeatures()];
			int[] labels = new int[real.size()];
			for (int i = 0; i < rows.length; i++) {
				labels[i] = real.labels()[random.nextInt(real.size())];
				int[] members = byClass[labels[i]];
				for (int f = 0; f < rows[i].length; f++) {
					rows[i][f] = real.features()[members[random.nextInt(members.length)]][f];
				}
			}
			return new LabeledData(rows, labels, real.recordShape());
		}

		private static int[][] byClass(LabeledData data) {
			int[] counts = new int[data.numClasses()];
			for (int label : data.labels()) {
				counts[label]++;
			}
			int[][] members = new int[counts.length][];
			for (int c = 0; c < counts.length; c++) {
				members[c] = new int[counts[c]];
			}
			int[] filled = new int[counts.length];
			for (int i = 0; i < data.size(); i++) {
				members[data.labels()[i]][filled[data.labels()[i]]++] = i;
			}
			return members;
		}

	}

	/**
	 * Shokri et al.'s model-based synthesis (their Algorithm 1; science.md): for each wanted record of class c, a
	 * hill climb from a random record of the input domain, re-drawing k features of the best record so far and
	 * keeping a change when the target's confidence in c does not drop; a record is accepted, with probability its
	 * confidence, once the target's top class is c with confidence above {@code confMin}. k starts at {@code kMax}
	 * and halves (to {@code kMin}) after {@code rejMax} rejections in a row; a climb gives up after {@code iterMax}
	 * queries. Every step is a query of the target, billed; all climbs run side by side, one batch per step.
	 */
	record Synthesis(int kMax, int kMin, double confMin, int rejMax, int iterMax) implements ShadowSource {

		/** The starting values science.md gives for 600 binary features. */
		public static Synthesis paper() {
			return new Synthesis(128, 4, 0.2, 10, 200);
		}

		@Override
		public String id() {
			return "synthesis";
		}

		/** Two attempts per wanted record at most, each of at most {@code iterMax} queries. */
		@Override
		public long maxQueries(int records) {
			return 2L * records * this.iterMax;
		}

		/**
		 * As many records as the attacker would otherwise hold, the classes in turn; a climb that gives up is
		 * retried from a new random record, at most once more per wanted record, so the result can be smaller.
		 */
		@Override
		public LabeledData make(LabeledData real, FeatureDomain domain, TargetModel target, long seed,
				Map<String, Object> details) {
			if (domain == FeatureDomain.UNKNOWN) {
				throw new IllegalArgumentException("synthesis draws records from the input domain, whose bounds are "
						+ "unknown here (attack's --feature-domain binary or unit names them)");
			}
			int[] wanted = new int[2 * real.size()];
			int classes = real.numClasses();
			for (int i = 0; i < wanted.length; i++) {
				wanted[i] = i % classes;
			}
			Result result = climb(wanted, real.size(), real.numFeatures(), domain, target, seed);
			details.putAll(result.details());
			return new LabeledData(result.records(), result.labels(), real.recordShape());
		}

		/**
		 * Climbs for the classes of {@code wanted} in order until {@code records} are accepted or the list is
		 * exhausted; at most {@code target.batchSize()} climbs at once.
		 */
		Result climb(int[] wanted, int records, int width, FeatureDomain domain, TargetModel target, long seed) {
			SplittableRandom random = new SplittableRandom(seed);
			int parallel = Math.max(1, Math.min(target.batchSize(), records));
			Climb[] running = new Climb[parallel];
			int next = 0;
			int accepted = 0;
			int attempts = 0;
			int failures = 0;
			long queries = 0;
			float[][] out = new float[records][];
			int[] labels = new int[records];
			while (true) {
				int active = 0;
				for (Climb climb : running) {
					active += (climb != null) ? 1 : 0;
				}
				// no more climbs than records still wanted: a climb that ends after the last one is a waste
				for (int s = 0; s < parallel; s++) {
					if (running[s] == null && next < wanted.length && accepted + active < records) {
						running[s] = new Climb(wanted[next++], domain.randomPoints(1, width, random.nextLong())[0],
								random.split());
						attempts++;
						active++;
					}
				}
				if (active == 0) {
					break;
				}
				float[][] asked = new float[active][];
				int[] slot = new int[active];
				int a = 0;
				for (int s = 0; s < parallel; s++) {
					if (running[s] != null) {
						slot[a] = s;
						asked[a++] = running[s].x;
					}
				}
				float[][] answers = target.query(asked);
				queries += active;
				for (int i = 0; i < active; i++) {
					Climb climb = running[slot[i]];
					Boolean done = climb.step(answers[i], domain, this);
					if (done == null) {
						continue;
					}
					running[slot[i]] = null;
					if (done && accepted < records) {
						out[accepted] = climb.x;
						labels[accepted++] = climb.label;
					}
					else if (!done) {
						failures++;
					}
				}
			}
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("synthesisQueries", queries);
			details.put("synthesisAttempts", attempts);
			details.put("synthesisFailures", failures);
			details.put("synthesisFailureRate", (attempts == 0) ? 0.0 : (double) failures / attempts);
			details.put("synthesizedRecords", accepted);
			details.put("queriesPerSynthesizedRecord", (accepted == 0) ? null : (double) queries / accepted);
			details.put("synthesisSettings", Map.of("kMax", this.kMax, "kMin", this.kMin, "confMin", this.confMin,
					"rejMax", this.rejMax, "iterMax", this.iterMax));
			return new Result(Arrays.copyOf(out, accepted), Arrays.copyOf(labels, accepted), details);
		}

		/** Synthesized records, their classes and the climb's cost. */
		record Result(float[][] records, int[] labels, Map<String, Object> details) {
		}

		/** One hill climb towards a record of class {@code label}. */
		private static final class Climb {

			final int label;

			final SplittableRandom random;

			float[] x;

			float[] best;

			double bestConfidence;

			int k = -1;

			int rejections;

			int queries;

			Climb(int label, float[] start, SplittableRandom random) {
				this.label = label;
				this.x = start;
				this.random = random;
			}

			/** Reads the target's answer on {@code x}: true accepted, false given up, null go on (next x set). */
			Boolean step(float[] y, FeatureDomain domain, Synthesis settings) {
				if (this.k < 0) {
					this.k = settings.kMax;
				}
				this.queries++;
				double confidence = (this.label < y.length) ? y[this.label] : 0;
				if (confidence >= this.bestConfidence) {
					if (confidence > settings.confMin && Signals.predictedLabel(y) == this.label
							&& this.random.nextDouble() < confidence) {
						return true;
					}
					this.best = this.x;
					this.bestConfidence = confidence;
					this.rejections = 0;
				}
				else if (++this.rejections >= settings.rejMax) {
					this.k = Math.max(settings.kMin, this.k / 2);
					this.rejections = 0;
				}
				if (this.queries >= settings.iterMax) {
					return false;
				}
				this.x = redraw(this.best, Math.min(this.k, this.best.length), domain);
				return null;
			}

			private float[] redraw(float[] from, int count, FeatureDomain domain) {
				float[] changed = from.clone();
				for (int c = 0; c < count; c++) {
					int f = this.random.nextInt(changed.length);
					changed[f] = (domain == FeatureDomain.BINARY) ? (this.random.nextBoolean() ? 1f : 0f)
							: (float) this.random.nextDouble();
				}
				return changed;
			}

		}

	}

}
