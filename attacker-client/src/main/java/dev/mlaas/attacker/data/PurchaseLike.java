package dev.mlaas.attacker.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.clustering.ClusterID;
import org.tribuo.clustering.ClusteringFactory;
import org.tribuo.clustering.kmeans.KMeansModel;
import org.tribuo.clustering.kmeans.KMeansTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.distance.DistanceType;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Generates the Purchase-like dataset that stands in for Shokri et al.'s Purchase-100: noisy copies of random binary
 * prototypes, labelled by k-means as Purchase-100 was.
 *
 * <p>The same {@link Params} (including the seed) always give the same data, whatever the thread count: the rows are
 * 0/1, so the k-means centroid sums are exact whatever order the threads add them in.
 */
public final class PurchaseLike {

	private PurchaseLike() {
	}

	/**
	 * Generation parameters; {@link #defaults(long)} gives the science.md configuration.
	 *
	 * @param rows             number of records
	 * @param features         bits per record
	 * @param prototypes       number of random prototypes the rows are copied from
	 * @param flipProbability  probability that a copied bit is flipped
	 * @param clusters         k of the k-means labelling (the number of classes, unless a cluster ends up empty)
	 * @param kmeansIterations maximum k-means iterations; k-means stops earlier once no assignment changes
	 * @param seed             the seed of every random choice
	 */
	public record Params(int rows, int features, int prototypes, double flipProbability, int clusters,
						 int kmeansIterations, long seed) {

		/** Validates the parameters. */
		public Params {
			if (rows < 1 || features < 1 || prototypes < 1 || clusters < 1 || kmeansIterations < 1) {
				throw new IllegalArgumentException("rows, features, prototypes, clusters and kmeansIterations must be"
						+ " positive: " + rows + ", " + features + ", " + prototypes + ", " + clusters + ", "
						+ kmeansIterations);
			}
			if (!(flipProbability >= 0 && flipProbability <= 1)) {
				throw new IllegalArgumentException("flipProbability must be in [0, 1]: " + flipProbability);
			}
		}

		/**
		 * 20,000 rows of 600 bits from 100 prototypes, flip probability 0.4, k = 100, k-means run to convergence (at
		 * most 1,000 iterations; seeds 0-2 converge after 77-126). Stopping at 20 iterations leaves clusters that mix
		 * prototypes (adjusted Rand index 0.26-0.40 against the prototype ids, 0.89-0.91 converged) and the
		 * science.md MLP then reaches test accuracy 0.25-0.35 instead of 0.52-0.56.
		 */
		public static Params defaults(long seed) {
			return new Params(20_000, 600, 100, 0.4, 100, 1_000, seed);
		}

		/** These parameters with another row count. */
		public Params withRows(int newRows) {
			return new Params(newRows, features, prototypes, flipProbability, clusters, kmeansIterations, seed);
		}

		/** These parameters with another number of bits per record. */
		public Params withFeatures(int newFeatures) {
			return new Params(rows, newFeatures, prototypes, flipProbability, clusters, kmeansIterations, seed);
		}

		/** These parameters with another number of prototypes. */
		public Params withPrototypes(int newPrototypes) {
			return new Params(rows, features, newPrototypes, flipProbability, clusters, kmeansIterations, seed);
		}

		/** These parameters with another flip probability. */
		public Params withFlipProbability(double newFlipProbability) {
			return new Params(rows, features, prototypes, newFlipProbability, clusters, kmeansIterations, seed);
		}

		/** These parameters with another k. */
		public Params withClusters(int newClusters) {
			return new Params(rows, features, prototypes, flipProbability, newClusters, kmeansIterations, seed);
		}

		/** These parameters with another k-means iteration limit. */
		public Params withKmeansIterations(int newIterations) {
			return new Params(rows, features, prototypes, flipProbability, clusters, newIterations, seed);
		}

		/** These parameters with another seed. */
		public Params withSeed(long newSeed) {
			return new Params(rows, features, prototypes, flipProbability, clusters, kmeansIterations, newSeed);
		}
	}

	/** Generates the dataset using one k-means thread per available processor. */
	public static LabeledData generate(Params params) {
		return generate(params, Runtime.getRuntime().availableProcessors());
	}

	/**
	 * Generates the dataset: {@code prototypes} vectors of fair random bits, then {@code rows} copies of uniformly
	 * chosen prototypes with each bit flipped with {@code flipProbability}, labelled with the k-means cluster of the
	 * row. Labels are the ids of the non-empty clusters renumbered densely from 0 in Tribuo's cluster order, so
	 * {@code numClasses()} is below {@code clusters} only if k-means left a cluster empty.
	 *
	 * @param numThreads k-means threads; does not change the result
	 */
	public static LabeledData generate(Params params, int numThreads) {
		if (numThreads < 1) {
			throw new IllegalArgumentException("numThreads must be positive: " + numThreads);
		}
		if (params.clusters() > params.rows()) {
			throw new IllegalArgumentException(
					"clusters (" + params.clusters() + ") must not exceed rows (" + params.rows() + ")");
		}
		SplittableRandom rng = new SplittableRandom(params.seed());
		float[][] prototypes = new float[params.prototypes()][params.features()];
		for (float[] prototype : prototypes) {
			for (int j = 0; j < prototype.length; j++) {
				prototype[j] = rng.nextDouble() < 0.5 ? 1f : 0f;
			}
		}
		float[][] rows = new float[params.rows()][params.features()];
		for (float[] row : rows) {
			float[] prototype = prototypes[rng.nextInt(prototypes.length)];
			for (int j = 0; j < row.length; j++) {
				boolean flip = rng.nextDouble() < params.flipProbability();
				row[j] = flip ? 1f - prototype[j] : prototype[j];
			}
		}
		// a distinct seed for Tribuo, drawn from the same stream, so its RNG does not replay the data's draws
		long kmeansSeed = rng.nextLong();
		int[] labels = kMeansLabels(rows, params.clusters(), params.kmeansIterations(), numThreads, kmeansSeed);
		return new LabeledData(rows, labels, new int[] {params.features()});
	}

	private static int[] kMeansLabels(float[][] rows, int k, int iterations, int numThreads, long seed) {
		int width = rows[0].length;
		// zero-padded so that Tribuo's lexicographic feature order is the column order
		String[] names = new String[width];
		for (int j = 0; j < width; j++) {
			names[j] = String.format("f%05d", j);
		}
		ClusteringFactory factory = new ClusteringFactory();
		List<Example<ClusterID>> examples = new ArrayList<>(rows.length);
		for (float[] row : rows) {
			double[] values = new double[width];
			for (int j = 0; j < width; j++) {
				values[j] = row[j];
			}
			examples.add(new ArrayExample<>(ClusteringFactory.UNASSIGNED_CLUSTER_ID, names, values));
		}
		MutableDataset<ClusterID> dataset = new MutableDataset<>(examples,
				new SimpleDataSourceProvenance("purchase-like rows", factory), factory);
		// k-means++ seeds on data points, so well-separated groups (noiseless prototypes) are each found exactly.
		// Tribuo's RANDOM start draws centroids uniformly inside each feature's [min, max], not from the data; on
		// these rows it converges in ~30 iterations to clusters unrelated to the prototypes (adjusted Rand index
		// 0.006) and the MLP's test accuracy falls to 0.11.
		KMeansTrainer trainer = new KMeansTrainer(k, iterations, DistanceType.L2.getDistance(),
				KMeansTrainer.Initialisation.PLUSPLUS, numThreads, seed);
		KMeansModel model = trainer.train(dataset);

		int[] clusterOf = new int[rows.length];
		boolean[] used = new boolean[k];
		for (int i = 0; i < rows.length; i++) {
			clusterOf[i] = model.predict(examples.get(i)).getOutput().getID();
			used[clusterOf[i]] = true;
		}
		int[] dense = new int[k];
		int next = 0;
		for (int c = 0; c < k; c++) {
			dense[c] = used[c] ? next++ : -1;
		}
		for (int i = 0; i < clusterOf.length; i++) {
			clusterOf[i] = dense[clusterOf[i]];
		}
		return clusterOf;
	}
}
