package dev.mlaas.server.models;

import java.util.ArrayList;
import java.util.List;

import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.classification.Label;

/** A Tribuo model's (random forest's, logistic regression's) posteriors, one call at a time per copy. */
final class TribuoForward implements Forward {

	private final Model<Label> model;

	private final String[] names;

	private final int numClasses;

	TribuoForward(Model<Label> model, int numFeatures, int numClasses) {
		this.model = model;
		this.names = TribuoModels.featureNames(numFeatures);
		this.numClasses = numClasses;
	}

	@Override
	public float[] predict(float[] rowMajorFeatures, int rows) {
		List<Example<Label>> examples = new ArrayList<>(rows);
		for (int i = 0; i < rows; i++) {
			examples.add(TribuoModels.unlabelled(this.names, rowMajorFeatures, i));
		}
		float[] posteriors = new float[rows * this.numClasses];
		var predictions = this.model.predict(examples);
		for (int i = 0; i < rows; i++) {
			TribuoModels.posteriors(predictions.get(i), posteriors, i * this.numClasses, this.numClasses);
		}
		return posteriors;
	}

}
