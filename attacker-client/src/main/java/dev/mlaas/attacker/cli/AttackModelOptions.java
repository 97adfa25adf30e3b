package dev.mlaas.attacker.cli;

import dev.mlaas.attacker.attack.AttackSettings;
import picocli.CommandLine.Option;

/** How the attacks are set up ({@link AttackSettings}), from the command line. */
class AttackModelOptions {

	@Option(names = "--attack-model", defaultValue = "mlp", description = "The local attack model: mlp (ML-Leaks'), "
			+ "svm (RBF, C and gamma by 5-fold cross-validation) or lr (logistic regression) (default: ${DEFAULT-VALUE}).")
	String attackModel;

	@Option(names = "--attack-hidden-units", defaultValue = "64", description = "Hidden ReLU units of the attack MLP (default: ${DEFAULT-VALUE}).")
	int hiddenUnits;

	@Option(names = "--attack-epochs", defaultValue = "100", description = "Epochs of the attack MLP (default: ${DEFAULT-VALUE}).")
	int epochs;

	@Option(names = "--attack-batch", defaultValue = "100", description = "Minibatch of the attack MLP (default: ${DEFAULT-VALUE}).")
	int batch;

	@Option(names = "--attack-learning-rate", defaultValue = "0.001", description = "Adam's learning rate for the attack MLP (default: ${DEFAULT-VALUE}).")
	double learningRate;

	@Option(names = "--shokri-shadows", defaultValue = "10", description = "Shadow models of Shokri's attack, each a training job shared with LiRA's and RMIA's (default: ${DEFAULT-VALUE}).")
	int shokriShadows;

	@Option(names = "--shokri-unsorted", description = "Shokri's attack models read the posterior vector in class order, as in the paper, not sorted.")
	boolean shokriUnsorted;

	@Option(names = "--shadow-source", defaultValue = "real", description = "Where the shadows' data come from: real "
			+ "(the attacker's records), noisy[:fraction] (each feature perturbed with that probability, default 0.1), "
			+ "marginals (drawn from the records' per-class marginals) or synthesis (hill-climbing with the target "
			+ "as oracle: every step a billed query) (default: ${DEFAULT-VALUE}).")
	String shadowSource;

	AttackSettings settings() {
		return new AttackSettings(this.attackModel, this.hiddenUnits, this.epochs, this.batch, this.learningRate,
				this.shokriShadows, !this.shokriUnsorted, this.shadowSource);
	}

}
