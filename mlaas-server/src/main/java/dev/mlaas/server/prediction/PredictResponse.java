package dev.mlaas.server.prediction;

import java.math.BigDecimal;

/** One posterior probability vector per instance, in the request's order, and what the request cost. */
record PredictResponse(long modelId, float[][] predictions, int queries, BigDecimal credits) {
}
