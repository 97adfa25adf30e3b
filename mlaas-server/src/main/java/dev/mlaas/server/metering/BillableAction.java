package dev.mlaas.server.metering;

/** What the ledger charges for. One ledger row is one unit: one predicted instance, one job, one upload. */
public enum BillableAction {

	PREDICTION, TRAINING_JOB, UPLOAD

}
