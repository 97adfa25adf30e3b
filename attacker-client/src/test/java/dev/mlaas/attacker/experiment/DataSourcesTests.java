package dev.mlaas.attacker.experiment;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.mlaas.attacker.data.PurchaseLike;

import static org.assertj.core.api.Assertions.assertThat;

class DataSourcesTests {

	@Test
	void theReferencePurchaseDataKeepsThePlainCacheName() {
		Path[] files = DataSources.purchaseLikeFiles(Path.of("d"), PurchaseLike.Params.defaults(3));
		assertThat(files[0]).isEqualTo(Path.of("d", "seed-3-records.idx"));
		assertThat(files[1]).isEqualTo(Path.of("d", "seed-3-labels.idx"));
	}

	@Test
	void aVariantCanNeverTakeTheReferenceDatasName() {
		PurchaseLike.Params variant = PurchaseLike.Params.defaults(3).withFlipProbability(0.1).withRows(5000);
		Path[] files = DataSources.purchaseLikeFiles(Path.of("d"), variant);
		assertThat(files[0]).isEqualTo(Path.of("d", "seed-3-rows5000-flip0.1-records.idx"));
	}

}
