package dev.mlaas.attacker.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import dev.mlaas.attacker.data.Idx;
import dev.mlaas.attacker.data.LabeledData;
import dev.mlaas.attacker.data.PurchaseLike;
import dev.mlaas.attacker.experiment.DataSources;

/** {@code generate-purchase}: writes the seeded Purchase-like dataset as IDX files. */
@Command(name = "generate-purchase", mixinStandardHelpOptions = true,
		description = "Generates the Purchase-like dataset (science.md) with a seed and writes it as IDX.")
class GeneratePurchaseCommand implements Callable<Integer> {

	@Option(names = "--seed", defaultValue = "0", description = "Seed of every random choice (default: ${DEFAULT-VALUE}).")
	long seed;

	@Option(names = "--rows", defaultValue = "20000", description = "Records (default: ${DEFAULT-VALUE}).")
	int rows;

	@Option(names = "--flip", defaultValue = "0.4", description = "Bit flip probability (default: ${DEFAULT-VALUE}).")
	double flip;

	@Option(names = "--out", defaultValue = "data/purchase-like", description = "Output directory (default: ${DEFAULT-VALUE}).")
	Path out;

	@Option(names = "--csv", description = "Write one CSV file here instead (features, then the label), "
			+ "in the generated order, which is random: any cut of its lines is a random sample.")
	Path csv;

	@Override
	public Integer call() throws Exception {
		PurchaseLike.Params params = PurchaseLike.Params.defaults(this.seed)
			.withRows(this.rows)
			.withFlipProbability(this.flip);
		LabeledData data = PurchaseLike.generate(params);
		if (this.csv != null) {
			dev.mlaas.attacker.data.Csv.write(data, this.csv);
			System.out.printf("%d records, %d features, %d classes -> %s%n", data.size(), data.numFeatures(),
					data.numClasses(), this.csv);
			return 0;
		}
		java.nio.file.Files.createDirectories(this.out);
		Path[] files = DataSources.purchaseLikeFiles(this.out, params);
		Path images = files[0];
		Path labels = files[1];
		Idx.write(data, images, labels, Idx.compactImageType(data));
		System.out.printf("%d records, %d features, %d classes -> %s, %s%n", data.size(), data.numFeatures(),
				data.numClasses(), images, labels);
		return 0;
	}

}
