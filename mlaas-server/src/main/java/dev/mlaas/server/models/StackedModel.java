package dev.mlaas.server.models;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.tribuo.Model;
import org.tribuo.classification.Label;

/**
 * ML-Leaks' model stacking as one model: a network (model 1) and a random forest (model 2) read the record, and a
 * logistic regression (model 3) reads their two posterior vectors side by side and gives the answer. Callers see one
 * model behind {@code /predict}; the store keeps the three parts in one blob.
 */
public record StackedModel(MultiLayerNetwork network, Model<Label> forest, Model<Label> combiner) {

	private static final byte[] MAGIC = "MLAAS-STACK-1\n".getBytes(StandardCharsets.US_ASCII);

	/** The posteriors of {@code rows} row-major records with {@code numFeatures} features each. */
	public float[] predict(float[] rowMajorFeatures, int rows, int numFeatures, int numClasses) {
		return forward(new NetworkForward(this.network, numFeatures), numFeatures, numClasses)
			.predict(rowMajorFeatures, rows);
	}

	/** An inference pass of the stack whose network part is {@code network}. */
	Forward forward(Forward network, int numFeatures, int numClasses) {
		Forward forest = new TribuoForward(this.forest, numFeatures, numClasses);
		Forward combiner = new TribuoForward(this.combiner, 2 * numClasses, numClasses);
		return (features, rows) -> combiner
			.predict(combinerInput(network.predict(features, rows), forest.predict(features, rows), rows, numClasses),
					rows);
	}

	/** Model 3's input for {@code rows} row-major records: models 1 and 2's posteriors of each. */
	public static float[] combinerInput(MultiLayerNetwork network, Model<Label> forest, float[] rowMajorFeatures,
			int rows, int numFeatures, int numClasses) {
		return combinerInput(new NetworkForward(network, numFeatures).predict(rowMajorFeatures, rows),
				new TribuoForward(forest, numFeatures, numClasses).predict(rowMajorFeatures, rows), rows, numClasses);
	}

	/** Model 3's input: each row model 1's posteriors followed by model 2's. */
	static float[] combinerInput(float[] first, float[] second, int rows, int numClasses) {
		float[] joined = new float[rows * 2 * numClasses];
		for (int i = 0; i < rows; i++) {
			System.arraycopy(first, i * numClasses, joined, i * 2 * numClasses, numClasses);
			System.arraycopy(second, i * numClasses, joined, (i * 2 + 1) * numClasses, numClasses);
		}
		return joined;
	}

	/** The stored form: a header, then the network's, the forest's and the combiner's stored forms. */
	public static byte[] serialize(byte[] network, byte[] forest, byte[] combiner) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.write(MAGIC);
			for (byte[] part : new byte[][] { network, forest, combiner }) {
				out.writeInt(part.length);
				out.write(part);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	/** Whether a stored model is a stack (a network's stored form is a ZIP, a Tribuo model's gzip). */
	public static boolean isStacked(byte[] stored) {
		return stored.length >= MAGIC.length && Arrays.equals(stored, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
	}

	/** The stack {@link #serialize} stored. */
	public static StackedModel deserialize(byte[] stored) {
		try (DataInputStream in = new DataInputStream(
				new ByteArrayInputStream(stored, MAGIC.length, stored.length - MAGIC.length))) {
			byte[][] parts = new byte[3][];
			for (int i = 0; i < parts.length; i++) {
				parts[i] = in.readNBytes(in.readInt());
			}
			return new StackedModel(ModelService.restore(parts[0]), TribuoModels.deserialize(parts[1]),
					TribuoModels.deserialize(parts[2]));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
