package dev.mlaas.server.prediction;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

/** {@code POST /predict}: a model id and a batch of instances, each a flat feature vector. */
record PredictRequest(@NotNull Long modelId, @NotEmpty float[][] instances) {
}
