package dev.mlaas.attacker.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import picocli.CommandLine.Option;

/** A training recipe as {@code POST /train} takes it, from the command line (the target's, or the one assumed of it). */
class RecipeOptions {

	@Option(names = "--architecture", description = "mlp, cnn, random-forest, logistic-regression or auto (the "
			+ "service's own hidden recipe).")
	String architecture;

	@Option(names = "--trees", description = "A random forest's trees (the service's default: 10).")
	Integer trees;

	@Option(names = "--max-depth", description = "A random forest's depth limit (the service's default: 64).")
	Integer maxDepth;

	@Option(names = "--hidden-units", split = ",", description = "Hidden layer sizes (default: 128).")
	List<Integer> hiddenUnits;

	@Option(names = "--epochs", defaultValue = "50", description = "Training epochs (default: ${DEFAULT-VALUE}).")
	int epochs;

	@Option(names = "--batch", defaultValue = "100", description = "Training batch size (default: ${DEFAULT-VALUE}).")
	int batch;

	@Option(names = "--learning-rate", defaultValue = "0.001", description = "Learning rate (default: ${DEFAULT-VALUE}).")
	double learningRate;

	@Option(names = "--optimizer", defaultValue = "adam", description = "adam or sgd (default: ${DEFAULT-VALUE}).")
	String optimizer;

	@Option(names = "--weight-init", description = "xavier (the service's default) or uniform (PyTorch's default for "
			+ "dense layers).")
	String weightInit;

	@Option(names = "--dropout", description = "Dropout ratio on the dense layers' inputs (ML-Leaks' defense: 0.5); "
			+ "none by default. The service trains with it and serves without.")
	Double dropout;

	@Option(names = "--l2", description = "L2 regularization coefficient (the IJSRCSEIT paper's defense: 5e-3); none "
			+ "by default.")
	Double l2;

	@Option(names = "--dp-noise", description = "DP-SGD's noise multiplier sigma (the target trains with per-record "
			+ "clipping and Gaussian noise; the service reports the epsilon it spends); none by default.")
	Double dpNoise;

	@Option(names = "--dp-clip", defaultValue = "1.0", description = "DP-SGD's per-record clip norm, with --dp-noise "
			+ "(default: ${DEFAULT-VALUE}).")
	double dpClip;

	@Option(names = "--dp-delta", description = "The delta DP-SGD's epsilon is reported at, with --dp-noise (the "
			+ "service's default: 1e-5, or 0.1 / records if smaller).")
	Double dpDelta;

	@Option(names = "--stacking", description = "ML-Leaks' model stacking: the target is the network, a random forest "
			+ "and a logistic regression over their posteriors, each trained on its own third of the records.")
	boolean stacking;

	private static void putIfGiven(Map<String, Object> recipe, String key, Object value) {
		if (value != null) {
			recipe.put(key, value);
		}
	}

	/**
	 * The recipe, {@code defaultArchitecture} when none was given; {@code auto} carries no settings, a random forest
	 * only its own, logistic regression none (the service's defaults).
	 */
	Map<String, Object> recipe(String defaultArchitecture) {
		String arch = (this.architecture != null) ? this.architecture : defaultArchitecture;
		Map<String, Object> recipe = new LinkedHashMap<>();
		recipe.put("architecture", arch);
		if ("random-forest".equals(arch)) {
			putIfGiven(recipe, "trees", this.trees);
			putIfGiven(recipe, "maxDepth", this.maxDepth);
			return recipe;
		}
		if ("logistic-regression".equals(arch)) {
			// the network defaults above (50 epochs at 0.001) are no defaults for it: the service's own apply
			return recipe;
		}
		if (!"auto".equals(arch)) {
			recipe.put("hiddenUnits", (this.hiddenUnits != null) ? this.hiddenUnits : List.of(128));
			recipe.put("epochs", this.epochs);
			recipe.put("batchSize", this.batch);
			recipe.put("learningRate", this.learningRate);
			recipe.put("optimizer", this.optimizer);
			if (this.weightInit != null) {
				recipe.put("weightInit", this.weightInit);
			}
			putIfGiven(recipe, "dropout", this.dropout);
			putIfGiven(recipe, "l2", this.l2);
			if (this.dpNoise != null) {
				Map<String, Object> dp = new LinkedHashMap<>();
				dp.put("noiseMultiplier", this.dpNoise);
				dp.put("clipNorm", this.dpClip);
				putIfGiven(dp, "delta", this.dpDelta);
				recipe.put("dpSgd", dp);
			}
			if (this.stacking) {
				recipe.put("stacking", true);
			}
		}
		return recipe;
	}

}
