package dev.mlaas.server.models;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.protos.core.ModelProto;

/**
 * How the service hands records to Tribuo models (random forests, logistic regression) and stores them. Training
 * and serving must name features alike: feature {@code i} is {@code f} and {@code i} zero-padded, so that Tribuo's
 * sorted feature names keep the records' column order.
 */
public final class TribuoModels {

	private TribuoModels() {
	}

	/** The feature names of records with {@code numFeatures} columns. */
	public static String[] featureNames(int numFeatures) {
		String[] names = new String[numFeatures];
		for (int i = 0; i < numFeatures; i++) {
			names[i] = String.format("f%06d", i);
		}
		return names;
	}

	/** Row {@code row} of row-major features as an example of the given label (unknown when predicting). */
	public static Example<Label> example(String[] names, float[] rowMajorFeatures, int row, Label label) {
		double[] values = new double[names.length];
		int offset = row * names.length;
		for (int i = 0; i < names.length; i++) {
			values[i] = rowMajorFeatures[offset + i];
		}
		return new ArrayExample<>(label, names, values);
	}

	/** The posterior vector over classes {@code 0..numClasses-1}; a class the model never saw gets 0. */
	static void posteriors(Prediction<Label> prediction, float[] into, int offset, int numClasses) {
		prediction.getOutputScores().forEach((name, label) -> {
			int k = Integer.parseInt(name);
			if (k < numClasses) {
				into[offset + k] = (float) label.getScore();
			}
		});
	}

	static Example<Label> unlabelled(String[] names, float[] rowMajorFeatures, int row) {
		return example(names, rowMajorFeatures, row, LabelFactory.UNKNOWN_LABEL);
	}

	/**
	 * Tribuo's own protobuf form, gzipped: what the model store keeps. A forest's every leaf names every class, so
	 * the raw form is large and repetitive.
	 */
	public static byte[] serialize(Model<Label> model) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
			model.serialize().writeTo(gzip);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	/** The model {@link #serialize} stored. */
	@SuppressWarnings("unchecked")
	public static Model<Label> deserialize(byte[] stored) {
		try (GZIPInputStream gzip = new GZIPInputStream(new ByteArrayInputStream(stored))) {
			return (Model<Label>) Model.deserialize(ModelProto.parseFrom(gzip));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Stored model is not a Tribuo model", ex);
		}
	}

}
