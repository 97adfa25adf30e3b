package dev.mlaas.attacker.report;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;

import dev.mlaas.attacker.data.LabeledData;

/**
 * For the model's owner: the candidates the strongest attack of a run is surest are members, with whether they
 * were. Records are named by their index among the candidates and a hash of their features, never copied.
 *
 * @param attack the attack whose scores rank them: the run's best at 0.1% FPR (then by AUC)
 */
public record ExposedRecords(String attack, List<Exposed> records) {

	/** One candidate: its index, the SHA-256 of its features (first 16 hex digits), its score, its membership. */
	public record Exposed(int index, String featureHash, double score, boolean member) {
	}

	/** The {@code count} top-scored candidates of {@code scores}, ties in candidate order. */
	public static ExposedRecords of(String attack, double[] scores, LabeledData candidates, boolean[] members,
			int count) {
		List<Exposed> top = IntStream.range(0, scores.length)
			.boxed()
			.sorted(Comparator.comparingDouble((Integer i) -> -scores[i]).thenComparingInt(i -> i))
			.limit(count)
			.map(i -> new Exposed(i, hash(candidates.features()[i]), scores[i], members[i]))
			.toList();
		return new ExposedRecords(attack, top);
	}

	/** The share of the listed records that were members. */
	public double memberShare() {
		return this.records.isEmpty() ? 0 : this.records.stream().filter(Exposed::member).count()
				/ (double) this.records.size();
	}

	static String hash(float[] features) {
		try {
			java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
			java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(4 * features.length);
			for (float value : features) {
				bytes.putInt(Float.floatToIntBits(value));
			}
			return HexFormat.of().formatHex(Arrays.copyOf(digest.digest(bytes.array()), 8));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
	}

}
