package dev.mlaas.attacker.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import dev.mlaas.attacker.data.FashionMnist;
import dev.mlaas.attacker.data.Idx;
import dev.mlaas.attacker.data.LabeledData;
import dev.mlaas.attacker.data.PurchaseLike;

/**
 * The experiment's datasets by name: {@code purchase-like} (generated from a seed, cached as IDX under the data
 * directory because k-means takes a while) and {@code fashion-mnist} (read from the directory that
 * {@code scripts/fetch-fashion-mnist.sh} fills).
 */
public final class DataSources {

	public static final String PURCHASE_LIKE = "purchase-like";

	public static final String FASHION_MNIST = "fashion-mnist";

	/** UCI breast cancer (569 records, 30 real features, 2 classes), from Debian's python3-sklearn. */
	public static final String BREAST_CANCER = "breast-cancer";

	/** sklearn's digits (1,797 8x8 images of 0-16, 10 classes), pixels scaled to [0, 1]. */
	public static final String DIGITS = "digits";

	/** The built-in datasets' names. */
	public static final java.util.List<String> BUILT_IN = java.util.List.of(PURCHASE_LIKE, FASHION_MNIST,
			BREAST_CANCER, DIGITS);

	private DataSources() {
	}

	public static LabeledData load(String name, Path dataDir, long dataSeed, Consumer<String> progress)
			throws IOException {
		return switch (name) {
			case PURCHASE_LIKE -> purchaseLike(dataDir, dataSeed, progress);
			case FASHION_MNIST -> fashionMnist(dataDir.resolve(FASHION_MNIST));
			case BREAST_CANCER -> sklearn(dataDir.resolve("sklearn").resolve("breast_cancer.csv"), null);
			case DIGITS -> sklearn(dataDir.resolve("sklearn").resolve("digits.csv"), 16f);
			default -> throw new IllegalArgumentException("Unknown dataset '" + name + "': use " + PURCHASE_LIKE
					+ ", " + FASHION_MNIST + ", " + BREAST_CANCER + " or " + DIGITS);
		};
	}

	/** What the attacker knows of a built-in dataset's input bounds: bits, or pixels scaled to [0, 1]. */
	public static dev.mlaas.attacker.attack.FeatureDomain domain(String name) {
		return switch (name) {
			case PURCHASE_LIKE -> dev.mlaas.attacker.attack.FeatureDomain.BINARY;
			case FASHION_MNIST, DIGITS -> dev.mlaas.attacker.attack.FeatureDomain.UNIT_INTERVAL;
			default -> dev.mlaas.attacker.attack.FeatureDomain.UNKNOWN;
		};
	}

	private static LabeledData sklearn(Path file, Float scale) throws IOException {
		if (!Files.isRegularFile(file)) {
			throw new IllegalArgumentException(file + " is missing: run scripts/fetch-sklearn-data.sh first "
					+ "(or pass --data-dir)");
		}
		LabeledData data = dev.mlaas.attacker.data.Csv.read(file, -1);
		return (scale != null) ? Idx.scale(data, scale) : data;
	}

	/**
	 * Where the generated Purchase-like files for these parameters live: {@code seed-S-records.idx} for the
	 * science.md recipe (what {@code experiment} reads), with the other parameters in the name otherwise, so that a
	 * variant can never be mistaken for the reference data.
	 */
	public static Path[] purchaseLikeFiles(Path dir, PurchaseLike.Params params) {
		String stem = "seed-" + params.seed();
		if (!params.equals(PurchaseLike.Params.defaults(params.seed()))) {
			stem += "-rows" + params.rows() + "-flip" + params.flipProbability();
		}
		return new Path[] { dir.resolve(stem + "-records.idx"), dir.resolve(stem + "-labels.idx") };
	}

	static LabeledData purchaseLike(Path dataDir, long seed, Consumer<String> progress) throws IOException {
		Path dir = dataDir.resolve(PURCHASE_LIKE);
		Path[] files = purchaseLikeFiles(dir, PurchaseLike.Params.defaults(seed));
		Path images = files[0];
		Path labels = files[1];
		if (Files.exists(images) && Files.exists(labels)) {
			progress.accept("data: reading " + images);
			return Idx.read(images, labels);
		}
		progress.accept("data: generating the Purchase-like dataset (seed " + seed + "; k-means takes a minute)");
		LabeledData data = PurchaseLike.generate(PurchaseLike.Params.defaults(seed));
		Files.createDirectories(dir);
		Idx.write(data, images, labels, Idx.compactImageType(data));
		return data;
	}

	static LabeledData fashionMnist(Path dir) throws IOException {
		if (!Files.isDirectory(dir)) {
			throw new IllegalArgumentException("Fashion-MNIST is not in " + dir
					+ ": run scripts/fetch-fashion-mnist.sh first (or pass --data-dir)");
		}
		return FashionMnist.load(dir);
	}

}
