package dev.mlaas.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The Kubernetes manifests, parsed with fabric8's model classes and checked against what the server serves. */
class DeploymentManifestsTests {

	private static final Path MANIFEST = Path.of("..", "k8s", "mlaas-server.yaml");

	@Test
	void theManifestHoldsAVolumeADeploymentAndAService() throws IOException {
		assertThat(resources()).extracting(HasMetadata::getKind)
			.containsExactly("PersistentVolumeClaim", "Deployment", "Service");
	}

	@Test
	void theDeploymentProbesTheActuatorHealthGroupsOnTheServedPort() throws IOException {
		Container container = deployment().getSpec().getTemplate().getSpec().getContainers().get(0);
		assertThat(container.getPorts().get(0).getContainerPort()).isEqualTo(8080);
		assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
		assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
		assertThat(container.getEnv()).anyMatch(e -> e.getName().equals("OMP_NUM_THREADS") && e.getValue().equals("1"));
	}

	@Test
	void aFileDatabaseMeansOneReplicaOnItsOwnVolume() throws IOException {
		Deployment deployment = deployment();
		assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
		assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("Recreate");
		PersistentVolumeClaim claim = (PersistentVolumeClaim) resources().get(0);
		assertThat(deployment.getSpec().getTemplate().getSpec().getVolumes().get(0).getPersistentVolumeClaim()
			.getClaimName()).isEqualTo(claim.getMetadata().getName());
	}

	@Test
	void theServiceSelectsTheDeploymentsPods() throws IOException {
		Service service = (Service) resources().get(2);
		assertThat(deployment().getSpec().getTemplate().getMetadata().getLabels())
			.containsAllEntriesOf(service.getSpec().getSelector());
		assertThat(service.getSpec().getPorts().get(0).getTargetPort().getStrVal()).isEqualTo("http");
	}

	private static Deployment deployment() throws IOException {
		return (Deployment) resources().get(1);
	}

	private static List<HasMetadata> resources() throws IOException {
		try (InputStream in = Files.newInputStream(MANIFEST)) {
			return Serialization.unmarshal(in);
		}
	}

}
