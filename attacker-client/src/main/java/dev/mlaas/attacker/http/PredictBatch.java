package dev.mlaas.attacker.http;

/**
 * Instances already written as the {@code "instances"} array of {@code POST /predict}'s body, for whichever model
 * they will go to; see {@link MlaasClient#encode}.
 */
public record PredictBatch(int size, byte[] instancesJson) {
}
