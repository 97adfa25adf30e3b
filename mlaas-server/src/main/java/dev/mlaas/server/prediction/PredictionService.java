package dev.mlaas.server.prediction;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.mlaas.server.accounts.Caller;
import dev.mlaas.server.metering.BillableAction;
import dev.mlaas.server.metering.Ledger;
import dev.mlaas.server.models.ModelService;
import dev.mlaas.server.models.OutputPolicy;
import dev.mlaas.server.models.ServableModel;

/**
 * The predict path in one walk: model store (visibility, output policy) -> the model's width -> forward pass ->
 * ledger -> what the policy leaves of the posteriors. The ledger rows commit before the answer is returned, every
 * query is charged whatever the policy, and nothing is charged for a request that fails.
 */
@Service
class PredictionService {

	private final ModelService models;

	private final Ledger ledger;

	private final TransactionTemplate transactions;

	PredictionService(ModelService models, Ledger ledger, TransactionTemplate transactions) {
		this.models = models;
		this.ledger = ledger;
		this.transactions = transactions;
	}

	PredictResponse predict(Caller caller, PredictRequest request) {
		ServableModel model = this.models.servable(caller.accountId(), request.modelId());
		OutputPolicy policy = this.models.outputPolicy(caller.accountId(), request.modelId());
		PredictRequest.Instances instances = request.instances();
		if (instances.width() != model.numFeatures()) {
			throw new InvalidInstancesException("Instance 0 has " + instances.width() + " features; the model takes "
					+ model.numFeatures() + ".")
				.with("index", 0)
				.with("expectedFeatures", model.numFeatures());
		}
		float[][] posteriors = model.predict(instances.values(), instances.count());
		Ledger.Charge charge = this.transactions.execute(status -> this.ledger.charge(caller,
				BillableAction.PREDICTION, model.id(), posteriors.length));
		return PredictResponse.of(model.id(), policy, posteriors, charge.units(), charge.credits(),
				charge.requestId());
	}

}
