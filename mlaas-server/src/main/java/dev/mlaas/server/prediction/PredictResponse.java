package dev.mlaas.server.prediction;

import java.math.BigDecimal;

/**
 * One posterior probability vector per instance, in the request's order, what the request cost, and the id of its
 * charge: the {@code requestId} of its ledger rows in {@code GET /usage}, a receipt to reconcile the bill with.
 */
record PredictResponse(long modelId, float[][] predictions, int queries, BigDecimal credits, String chargeId) {
}
