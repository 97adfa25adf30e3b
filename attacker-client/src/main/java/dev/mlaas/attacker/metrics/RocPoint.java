package dev.mlaas.attacker.metrics;

/**
 * One operating point of a {@link RocCurve}: predicting "member" for every record whose score is
 * at least {@code threshold} gives false-positive rate {@code fpr} and true-positive rate
 * {@code tpr}.
 */
public record RocPoint(double threshold, double fpr, double tpr) {}
