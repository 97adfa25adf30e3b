package dev.mlaas.attacker.attack;

import dev.mlaas.attacker.http.MlaasClient;

/** The model under attack, reachable only through the service's {@code /predict} with the attacker's key. */
public record TargetModel(MlaasClient client, long modelId, int batchSize) {

	public float[][] query(float[][] instances) {
		return this.client.predict(this.modelId, instances, this.batchSize);
	}

}
