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

	static LabeledData purchaseLike(Path dataDir, long seed, Consumer<String> progress) throws IOException {
		Path dir = dataDir.resolve(PURCHASE_LIKE);
		Path images = dir.resolve("seed-" + seed + "-records.idx");
		Path labels = dir.resolve("seed-" + seed + "-labels.idx");
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
