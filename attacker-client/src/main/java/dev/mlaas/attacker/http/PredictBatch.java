package dev.mlaas.attacker.http;

/**
 * Instances already written as the {@code .npy} body of {@code POST /predict}, for whichever model they will go to;
 * see {@link MlaasClient#encode}.
 */
public record PredictBatch(int size, byte[] npy) {
}
