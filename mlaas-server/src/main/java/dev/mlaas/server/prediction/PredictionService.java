package dev.mlaas.server.prediction;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.mlaas.server.accounts.Caller;
import dev.mlaas.server.metering.BillableAction;
import dev.mlaas.server.metering.Ledger;
import dev.mlaas.server.models.ModelService;
import dev.mlaas.server.models.ServableModel;

/**
 * The predict path in one walk: model store (visibility) -> validation -> forward pass -> ledger -> answer. The
 * ledger rows commit before the answer is returned, and nothing is charged for a request that fails.
 */
@Service
class PredictionService {

	private final ModelService models;

	private final Ledger ledger;

	private final TransactionTemplate transactions;

	private final int maxBatchSize;

	PredictionService(ModelService models, Ledger ledger, TransactionTemplate transactions,
			@Value("${mlaas.prediction.max-batch-size}") int maxBatchSize) {
		this.models = models;
		this.ledger = ledger;
		this.transactions = transactions;
		this.maxBatchSize = maxBatchSize;
	}

	PredictResponse predict(Caller caller, PredictRequest request) {
		ServableModel model = this.models.servable(caller.accountId(), request.modelId());
		float[] features = flatten(request.instances(), model.numFeatures());
		float[][] posteriors = model.predict(features, request.instances().length);
		Ledger.Charge charge = this.transactions.execute(status -> this.ledger.charge(caller,
				BillableAction.PREDICTION, model.id(), posteriors.length));
		return new PredictResponse(model.id(), posteriors, charge.units(), charge.credits());
	}

	private float[] flatten(float[][] instances, int width) {
		if (instances.length > this.maxBatchSize) {
			throw new InvalidInstancesException("A request may carry at most " + this.maxBatchSize
					+ " instances; this one has " + instances.length + ".")
				.with("limit", this.maxBatchSize);
		}
		float[] flat = new float[instances.length * width];
		for (int row = 0; row < instances.length; row++) {
			float[] instance = instances[row];
			if (instance == null || instance.length != width) {
				throw new InvalidInstancesException("Instance " + row + " has "
						+ ((instance == null) ? 0 : instance.length) + " features; the model takes " + width + ".")
					.with("index", row)
					.with("expectedFeatures", width);
			}
			for (int col = 0; col < width; col++) {
				if (!Float.isFinite(instance[col])) {
					throw new InvalidInstancesException(
							"Instance " + row + ", feature " + col + " is not a finite number.")
						.with("index", row)
						.with("feature", col);
				}
			}
			System.arraycopy(instance, 0, flat, row * width, width);
		}
		return flat;
	}

}
