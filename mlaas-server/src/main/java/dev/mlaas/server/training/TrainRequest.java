package dev.mlaas.server.training;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /train}: which dataset, which architecture ({@code mlp}, {@code cnn}, {@code random-forest},
 * {@code logistic-regression}, or {@code auto} / absent for the service's own recipe), and optional
 * hyper-parameters; absent ones take the ML-Leaks defaults (networks) or the service's (the others).
 */
record TrainRequest(@NotNull Long datasetId,
		@Pattern(regexp = "mlp|cnn|random-forest|logistic-regression|auto") String architecture,
		@Size(min = 1, max = 4) List<@NotNull @Min(1) @Max(4096) Integer> hiddenUnits, @Min(1) Integer epochs,
		@Min(1) @Max(10000) Integer batchSize,
		@DecimalMin(value = "0", inclusive = false) @DecimalMax("1") Double learningRate,
		@Pattern(regexp = "adam|sgd") String optimizer, @DecimalMin("0") @DecimalMax("1") Double l2, Long seed,
		@Pattern(regexp = "xavier|uniform") String weightInit, @Min(1) Integer trees, @Min(1) @Max(64) Integer maxDepth,
		@DecimalMin("0") @DecimalMax(value = "1", inclusive = false) Double dropout, @Valid DpSgdRequest dpSgd,
		Boolean stacking) {

	/**
	 * DP-SGD's settings: the noise multiplier sigma (noise of standard deviation sigma x clipNorm on each batch's
	 * sum), the per-record clip norm, and the delta at which the service reports epsilon (default 1e-5; below 1 over
	 * the records).
	 */
	record DpSgdRequest(@NotNull @DecimalMin("0") @DecimalMax("1000") Double noiseMultiplier,
			@NotNull @DecimalMin(value = "0", inclusive = false) @DecimalMax("1000") Double clipNorm,
			@DecimalMin(value = "0", inclusive = false) @DecimalMax(value = "1", inclusive = false) Double delta) {
	}

	/** The same recipe on another dataset: the one uploaded with it, in {@code POST /train}'s multipart form. */
	TrainRequest forDataset(long id) {
		return new TrainRequest(id, this.architecture, this.hiddenUnits, this.epochs, this.batchSize, this.learningRate,
				this.optimizer, this.l2, this.seed, this.weightInit, this.trees, this.maxDepth, this.dropout, this.dpSgd,
				this.stacking);
	}

	boolean hasHyperParameters() {
		return hasNetworkSettings() || this.epochs != null || this.batchSize != null || this.learningRate != null
				|| hasForestSettings();
	}

	/** Settings only a network has. */
	boolean hasNetworkSettings() {
		return this.hiddenUnits != null || this.optimizer != null || this.l2 != null || this.weightInit != null
				|| this.dropout != null || this.dpSgd != null || this.stacking != null;
	}

	/** Settings only a random forest has. */
	boolean hasForestSettings() {
		return this.trees != null || this.maxDepth != null;
	}

}
