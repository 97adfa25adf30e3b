package dev.mlaas.attacker.attack;

import java.util.Map;

import dev.mlaas.attacker.data.LabeledData;
import dev.mlaas.attacker.http.Api;

/**
 * What one run has learned through the service, shared by every attack of the run so that each query and each
 * training job is paid for once: the candidates with the target's answers on them, the ML-Leaks shadow (when an
 * attack of the run needs it) with its answers on its members and non-members, and the target itself for attacks
 * that ask it more.
 *
 * @param domain what the attacker knows of the input space's bounds
 * @param details what the observing cost in time and produced (job ids, accuracies), for the report
 */
public record Observations(LabeledData candidates, float[][] targetPosteriors, Shadow shadow,
		References references, TargetModel target, FeatureDomain domain, Map<String, Object> details) {

	public Observations(LabeledData candidates, float[][] targetPosteriors, Shadow shadow, TargetModel target,
			FeatureDomain domain, Map<String, Object> details) {
		this(candidates, targetPosteriors, shadow, null, target, domain, details);
	}

	/**
	 * Reference (shadow) models of one recipe for LiRA and RMIA: for each, which candidates it trained on (none, when
	 * the pool held only the attacker's own records: offline) and its answers on the candidates; and a population of
	 * the attacker's own records that no reference and not the target trained on, with every model's answers on them
	 * (RMIA's z), when an attack asked for it.
	 *
	 * @param candidateIn [reference][candidate]
	 * @param onCandidates [reference][candidate][class]
	 * @param onPopulation [reference][record][class], or null
	 */
	public record References(boolean online, boolean[][] candidateIn, float[][][] onCandidates,
			LabeledData population, float[][][] onPopulation, float[][] targetOnPopulation, Pool pool) {

		public References(boolean online, boolean[][] candidateIn, float[][][] onCandidates, LabeledData population,
				float[][][] onPopulation, float[][] targetOnPopulation) {
			this(online, candidateIn, onCandidates, population, onPopulation, targetOnPopulation, null);
		}

		public int count() {
			return this.onCandidates.length;
		}

		/** The pool the references trained on, with each one's answers on all of it, which the run asked for. */
		public Pool requirePool() {
			if (this.pool == null) {
				throw new IllegalStateException("this attack needs the references' answers on their pool");
			}
			return this.pool;
		}

	}

	/**
	 * The records reference models trained on halves of, and each reference's answers on every one of them: what
	 * Shokri's attack model learns from. Online the pool is the candidates.
	 *
	 * @param in [reference][record]
	 * @param answers [reference][record][class]
	 */
	public record Pool(LabeledData records, boolean[][] in, float[][][] answers) {
	}

	/**
	 * What a run's LiRA, RMIA and Shokri need of their references.
	 *
	 * @param pool each reference's answers on its whole pool (Shokri), which offline costs a query per reference
	 * and pool record
	 */
	public record ReferenceNeeds(int count, boolean online, boolean population, boolean pool) {

		public ReferenceNeeds(int count, boolean online, boolean population) {
			this(count, online, population, false);
		}

		/** The records left for the offline pool: the attacker's own minus RMIA's population. */
		public int offlinePoolSize(int ownRecords) {
			return ownRecords - (this.population ? populationSize(ownRecords) : 0);
		}

		/** RMIA's population: a fifth of the attacker's own records, at most 1,000. */
		public static int populationSize(int ownRecords) {
			return Math.min(1000, ownRecords / 5);
		}

		/** What training and asking the references costs: an upload and a job each, and the queries. */
		public MembershipAttack.Plan plan(int candidates, int ownRecords) {
			long population = this.population ? populationSize(ownRecords) : 0;
			long pool = (this.pool && !this.online) ? offlinePoolSize(ownRecords) : 0;
			return new MembershipAttack.Plan(this.count, this.count,
					this.count * (candidates + population + pool) + population);
		}

		public ReferenceNeeds with(ReferenceNeeds other) {
			if (other == null) {
				return this;
			}
			return new ReferenceNeeds(Math.max(this.count, other.count), this.online || other.online,
					this.population || other.population, this.pool || other.pool);
		}

	}

	/** The reference models, which the attack needs. */
	public References requireReferences() {
		if (this.references == null) {
			throw new IllegalStateException("this attack needs reference models, which the run did not train");
		}
		return this.references;
	}

	/**
	 * The shadow's members and non-members, its answers on each, and its finished job; the sub-shadows of other
	 * architectures trained on the same members, by architecture (ML-Leaks' combining attack), each with its answers;
	 * and the shadow model itself, for attacks that ask it more (the label-only attack), or null.
	 */
	public record Shadow(LabeledData in, LabeledData out, float[][] inPosteriors, float[][] outPosteriors,
			Api.Job job, Map<String, Shadow> others, TargetModel model) {

		public Shadow(LabeledData in, LabeledData out, float[][] inPosteriors, float[][] outPosteriors, Api.Job job) {
			this(in, out, inPosteriors, outPosteriors, job, Map.of(), null);
		}

		/** The same shadow, with the sub-shadows trained on its members. */
		public Shadow withOthers(Map<String, Shadow> others) {
			return new Shadow(this.in, this.out, this.inPosteriors, this.outPosteriors, this.job, others, this.model);
		}

	}

	/** The ML-Leaks shadow, which the attack needs. */
	public Shadow requireShadow() {
		if (this.shadow == null) {
			throw new IllegalStateException("this attack needs the ML-Leaks shadow, which the run did not train");
		}
		return this.shadow;
	}

}
