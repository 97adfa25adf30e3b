package dev.mlaas.server.training;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A job's DP-SGD (Abadi et al. 2016): each record's gradient clipped to L2 norm {@code clipNorm}, Gaussian noise of
 * standard deviation {@code noiseMultiplier * clipNorm} added to each batch's sum, batches Poisson-sampled at rate
 * {@code sampleRate} (the batch size over the records) for {@code steps} steps; {@code epsilon} at {@code delta} is
 * what {@link RdpAccountant} says that spends, and {@code order} the RDP order that gave it. Fixed when the job is
 * accepted, so the owner knows the guarantee before training starts.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record DpSgd(double noiseMultiplier, double clipNorm, double delta, Double sampleRate, Long steps, Double epsilon,
		Double order) {

	/** The settings of a job on {@code records} records in batches of {@code batchSize} for {@code epochs} epochs. */
	static DpSgd accounted(double noiseMultiplier, double clipNorm, double delta, int records, int batchSize,
			int epochs) {
		double sampleRate = Math.min(1.0, (double) batchSize / records);
		long steps = (long) epochs * stepsPerEpoch(records, batchSize);
		RdpAccountant.Spent spent = RdpAccountant.epsilon(sampleRate, noiseMultiplier, steps, delta);
		return new DpSgd(noiseMultiplier, clipNorm, delta, sampleRate, steps, spent.epsilon(), spent.order());
	}

	/** One epoch is as many steps as batches of the expected size cover the records. */
	static int stepsPerEpoch(int records, int batchSize) {
		return (records + batchSize - 1) / batchSize;
	}

}
