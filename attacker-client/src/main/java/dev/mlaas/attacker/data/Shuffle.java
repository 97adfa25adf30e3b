package dev.mlaas.attacker.data;

import java.util.Random;
import java.util.stream.IntStream;

/** Seeded Fisher-Yates shuffles of index arrays: the one way this client orders records at random. */
public final class Shuffle {

	private Shuffle() {
	}

	/** 0..n-1 in an order fixed by the seed. */
	public static int[] permutation(int n, long seed) {
		int[] order = IntStream.range(0, n).toArray();
		inPlace(order, new Random(seed));
		return order;
	}

	public static void inPlace(int[] values, Random random) {
		for (int i = values.length - 1; i > 0; i--) {
			int j = random.nextInt(i + 1);
			int swap = values[i];
			values[i] = values[j];
			values[j] = swap;
		}
	}

}
