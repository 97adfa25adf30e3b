package dev.mlaas.server.training;

import java.util.List;

import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNSubsamplingHelper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CNN's fast path, which a dependency bump could silently lose: the oneDNN build of the native backend is the
 * one loaded, libnd4j may use it for the ops {@link FusedCnnTrainer} calls, and the conv and pooling layers of the
 * networks the service builds (which serve predictions, and train when fit does) use oneDNN helpers.
 */
class OneDnnFastPathTests {

	@Test
	void theNativeBackendIsTheOneDnnBuild() {
		assertThat(Nd4j.getBackend().buildInfo()).contains("HAVE_ONEDNN");
	}

	@Test
	void nativeOpsMayRunOnOneDnn() {
		assertThat(Nd4j.getEnvironment().helpersAllowed()).isTrue();
		assertThat(org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().isUseONEDNN()).isTrue();
	}

	@Test
	void theServicesCnnRunsItsConvolutionsAndPoolingOnOneDnn() {
		TrainingRecipe recipe = new TrainingRecipe(TrainingRecipe.CNN, List.of(128), 1, 100, 0.001,
				TrainingRecipe.ADAM, 0, 1);
		MultiLayerNetwork network = new MultiLayerNetwork(NetworkFactory.build(recipe, new int[] { 28, 28 }, 10));
		network.init();
		assertThat(((ConvolutionLayer) network.getLayer(0)).getHelper()).isInstanceOf(MKLDNNConvHelper.class);
		assertThat(((SubsamplingLayer) network.getLayer(1)).getHelper()).isInstanceOf(MKLDNNSubsamplingHelper.class);
		assertThat(((ConvolutionLayer) network.getLayer(2)).getHelper()).isInstanceOf(MKLDNNConvHelper.class);
		assertThat(((SubsamplingLayer) network.getLayer(3)).getHelper()).isInstanceOf(MKLDNNSubsamplingHelper.class);
	}

}
