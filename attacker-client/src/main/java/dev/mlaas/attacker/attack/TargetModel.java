package dev.mlaas.attacker.attack;

import dev.mlaas.attacker.http.MlaasClient;

/** The model under attack: records in, posterior vectors (or what its output policy leaves of them) out. */
public interface TargetModel {

	/** One posterior vector per instance, in order. */
	float[][] query(float[][] instances);

	/** Instances per request. */
	int batchSize();

	/**
	 * What its answers leave of the posteriors ({@code full}, {@code top-k:K}, {@code rounding:D},
	 * {@code label-only}): {@link #query} holds the classes it hid as 0.
	 */
	default String outputPolicy() {
		return "full";
	}

	/** A model of the service, reached only through its {@code /predict} with the attacker's key. */
	static TargetModel of(MlaasClient client, long modelId, int batchSize) {
		return new TargetModel() {

			@Override
			public float[][] query(float[][] instances) {
				return client.predict(modelId, instances, batchSize);
			}

			@Override
			public int batchSize() {
				return batchSize;
			}

			@Override
			public String outputPolicy() {
				return client.outputPolicy(modelId);
			}

		};
	}

}
