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

	private DataSources() {
	}

	public static LabeledData load(String name, Path dataDir, long dataSeed, Consumer<String> progress)
			throws IOException {
		return switch (name) {
			case PURCHASE_LIKE -> purchaseLike(dataDir, dataSeed, progress);
			case FASHION_MNIST -> fashionMnist(dataDir.resolve(FASHION_MNIST));
			default -> throw new IllegalArgumentException(
					"Unknown dataset '" + name + "': use " + PURCHASE_LIKE + " or " + FASHION_MNIST);
		};
	}

	/**
	 * Where the generated Purchase-like files for these parameters live: {@code seed-S-records.idx} for the
	 * science.md recipe (what {@code experiment} reads), with the other parameters in the name otherwise, so that a
	 * variant can never be mistaken for the reference data.
	 */
	/** What the attacker knows of a built-in dataset's input bounds: Purchase-like's bits, Fashion-MNIST's scaled pixels. */
	public static dev.mlaas.attacker.attack.FeatureDomain domain(String name) {
		return switch (name) {
			case PURCHASE_LIKE -> dev.mlaas.attacker.attack.FeatureDomain.BINARY;
			case FASHION_MNIST -> dev.mlaas.attacker.attack.FeatureDomain.UNIT_INTERVAL;
			default -> dev.mlaas.attacker.attack.FeatureDomain.UNKNOWN;
		};
	}

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
