package dev.mlaas.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kubernetes manifests under {@code k8s/}, parsed with fabric8's model classes, and their wiring checked: every
 * object in the one namespace, selectors that match pod labels, environment taken from ConfigMap and Secret keys that
 * exist, probes on the Actuator paths the server serves and on declared ports, services that point at declared
 * ports, the database URL at the database's Service, and a grace period the server's shutdown fits in.
 */
class DeploymentManifestsTests {

	private static final Path K8S = Path.of("..", "k8s");

	@Test
	void theSetHoldsEveryObjectAProductionServiceNeedsInOneNamespace() throws IOException {
		List<HasMetadata> all = resources();
		assertThat(all).extracting(HasMetadata::getKind)
			.contains("Namespace", "ConfigMap", "Secret", "StatefulSet", "Deployment", "Service",
					"HorizontalPodAutoscaler", "PodDisruptionBudget", "Job");
		String namespace = one(all, Namespace.class).getMetadata().getName();
		assertThat(all).filteredOn(r -> !(r instanceof Namespace))
			.allSatisfy(r -> assertThat(r.getMetadata().getNamespace()).as(r.getKind() + " " + name(r))
				.isEqualTo(namespace));
	}

	@Test
	void everyServiceSelectsPodsAndTargetsAPortTheyDeclare() throws IOException {
		List<HasMetadata> all = resources();
		for (Service service : ofKind(all, Service.class)) {
			List<PodTemplateSpec> selected = podTemplates(all).stream()
				.filter(pod -> pod.getMetadata().getLabels().entrySet()
					.containsAll(service.getSpec().getSelector().entrySet()))
				.toList();
			assertThat(selected).as("pods of service " + name(service)).isNotEmpty();
			for (ServicePort port : service.getSpec().getPorts()) {
				assertThat(selected).allSatisfy(pod -> assertThat(portNames(pod)).as("service " + name(service))
					.contains(port.getTargetPort().getStrVal()));
			}
		}
	}

	@Test
	void everyEnvironmentReferenceNamesAConfigMapOrSecretKeyThatExists() throws IOException {
		List<HasMetadata> all = resources();
		Map<String, Set<String>> configMaps = new HashMap<>();
		ofKind(all, ConfigMap.class).forEach(c -> configMaps.put(name(c), c.getData().keySet()));
		Map<String, Set<String>> secrets = new HashMap<>();
		ofKind(all, Secret.class).forEach(s -> secrets.put(name(s), s.getStringData().keySet()));
		int references = 0;
		for (PodTemplateSpec pod : podTemplates(all)) {
			for (Container container : pod.getSpec().getContainers()) {
				for (EnvVar env : (container.getEnv() != null) ? container.getEnv() : List.<EnvVar>of()) {
					if (env.getValueFrom() == null) {
						continue;
					}
					references++;
					if (env.getValueFrom().getConfigMapKeyRef() != null) {
						var ref = env.getValueFrom().getConfigMapKeyRef();
						assertThat(configMaps.get(ref.getName())).as(env.getName()).contains(ref.getKey());
					}
					else {
						var ref = env.getValueFrom().getSecretKeyRef();
						assertThat(secrets.get(ref.getName())).as(env.getName()).contains(ref.getKey());
					}
				}
				for (EnvFromSource from : (container.getEnvFrom() != null) ? container.getEnvFrom()
						: List.<EnvFromSource>of()) {
					references++;
					assertThat(configMaps).containsKey(from.getConfigMapRef().getName());
				}
			}
		}
		assertThat(references).isGreaterThanOrEqualTo(7);
	}

	@Test
	void theServerRunsThreeReplicasOnPostgresProbedOnItsActuatorHealthGroups() throws IOException {
		List<HasMetadata> all = resources();
		Deployment server = named(all, Deployment.class, "mlaas-server");
		assertThat(server.getSpec().getReplicas()).isEqualTo(3);
		Container container = server.getSpec().getTemplate().getSpec().getContainers().get(0);
		assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
		assertThat(container.getResources().getLimits()).containsKey("memory");
		Set<String> ports = portNames(server.getSpec().getTemplate());
		for (HTTPGetAction probe : List.of(container.getLivenessProbe().getHttpGet(),
				container.getReadinessProbe().getHttpGet(), container.getStartupProbe().getHttpGet())) {
			assertThat(probe.getPath()).isIn("/actuator/health/liveness", "/actuator/health/readiness");
			assertThat(ports).contains(probe.getPort().getStrVal());
		}
		assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
		Map<String, Object> application = applicationYaml();
		assertThat(path(application, "management", "endpoint", "health", "probes", "enabled")).isEqualTo(true);
		assertThat(path(application, "server", "port")).isEqualTo(containerPort(container, "http"));
		// the probes and the scrape are on the management port the ConfigMap gives the server
		ConfigMap config = one(all, ConfigMap.class);
		int management = Integer.parseInt(config.getData().get("MANAGEMENT_SERVER_PORT"));
		assertThat(containerPort(container, "management")).isEqualTo(management);
		assertThat(container.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("management");
		assertThat(container.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("management");
		assertThat(server.getSpec().getTemplate().getMetadata().getAnnotations())
			.containsEntry("prometheus.io/port", Integer.toString(management))
			.containsEntry("prometheus.io/path", "/actuator/prometheus");
		assertThat(path(application, "management", "endpoints", "web", "exposure", "include").toString())
			.contains("prometheus");

		assertThat(config.getData()).containsEntry("SPRING_PROFILES_ACTIVE", "postgres")
			.containsEntry("OMP_NUM_THREADS", "1");
		// the database URL names the database's Service and the port it serves
		Service database = named(all, Service.class, "mlaas-postgres");
		assertThat(config.getData().get("MLAAS_DB_URL")).startsWith("jdbc:postgresql://" + name(database) + ":"
				+ database.getSpec().getPorts().get(0).getPort() + "/");
		StatefulSet postgres = named(all, StatefulSet.class, "mlaas-postgres");
		assertThat(postgres.getSpec().getServiceName()).isEqualTo(name(database));
		assertThat(postgres.getSpec().getVolumeClaimTemplates()).singleElement()
			.satisfies(claim -> assertThat(postgres.getSpec().getTemplate().getSpec().getContainers().get(0)
				.getVolumeMounts()).anyMatch(m -> m.getName().equals(claim.getMetadata().getName())));
	}

	@Test
	void theGracePeriodOutlastsTheServersOwnShutdown() throws IOException {
		Deployment server = named(resources(), Deployment.class, "mlaas-server");
		Map<String, Object> application = applicationYaml();
		long inFlight = seconds(path(application, "spring", "lifecycle", "timeout-per-shutdown-phase"));
		// db-scheduler waits its shutdown-max-wait twice (README, "On SIGTERM")
		long jobs = 2 * seconds(path(application, "db-scheduler", "shutdown-max-wait"));
		List<String> preStop = server.getSpec().getTemplate().getSpec().getContainers().get(0).getLifecycle()
			.getPreStop().getExec().getCommand();
		assertThat(preStop.get(0)).isEqualTo("sleep");
		long pause = Long.parseLong(preStop.get(1));
		assertThat(server.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
			.isGreaterThan(pause + inFlight + jobs);
	}

	@Test
	void theAutoscalerAndTheDisruptionBudgetTargetTheServerAndLeaveItServing() throws IOException {
		List<HasMetadata> all = resources();
		Deployment server = named(all, Deployment.class, "mlaas-server");
		HorizontalPodAutoscaler autoscaler = one(all, HorizontalPodAutoscaler.class);
		assertThat(autoscaler.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
		assertThat(autoscaler.getSpec().getScaleTargetRef().getName()).isEqualTo(name(server));
		assertThat(autoscaler.getSpec().getMinReplicas()).isEqualTo(server.getSpec().getReplicas());
		assertThat(autoscaler.getSpec().getMaxReplicas()).isGreaterThan(autoscaler.getSpec().getMinReplicas());
		PodDisruptionBudget budget = one(all, PodDisruptionBudget.class);
		assertThat(server.getSpec().getTemplate().getMetadata().getLabels())
			.containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels());
		assertThat(budget.getSpec().getMinAvailable().getIntVal()).isBetween(1, server.getSpec().getReplicas() - 1);
	}

	@Test
	void theAttackerJobRunsOnceAgainstTheServersService() throws IOException {
		List<HasMetadata> all = resources();
		Job job = one(all, Job.class);
		assertThat(job.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
		List<String> args = job.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs();
		assertThat(args.get(0)).isEqualTo("experiment");
		Service server = named(all, Service.class, "mlaas-server");
		assertThat(args.get(args.indexOf("--server") + 1))
			.isEqualTo("http://" + name(server) + ":" + server.getSpec().getPorts().get(0).getPort());
	}

	private static int containerPort(Container container, String name) {
		return container.getPorts().stream().filter(p -> p.getName().equals(name)).findFirst().orElseThrow()
			.getContainerPort();
	}

	private static List<PodTemplateSpec> podTemplates(List<HasMetadata> all) {
		List<PodTemplateSpec> pods = new ArrayList<>();
		ofKind(all, Deployment.class).forEach(d -> pods.add(d.getSpec().getTemplate()));
		ofKind(all, StatefulSet.class).forEach(s -> pods.add(s.getSpec().getTemplate()));
		ofKind(all, Job.class).forEach(j -> pods.add(j.getSpec().getTemplate()));
		return pods;
	}

	private static Set<String> portNames(PodTemplateSpec pod) {
		Set<String> names = new HashSet<>();
		for (Container container : pod.getSpec().getContainers()) {
			for (ContainerPort port : (container.getPorts() != null) ? container.getPorts() : List.<ContainerPort>of()) {
				names.add(port.getName());
			}
		}
		return names;
	}

	private static <T extends HasMetadata> List<T> ofKind(List<HasMetadata> all, Class<T> kind) {
		return all.stream().filter(kind::isInstance).map(kind::cast).toList();
	}

	private static <T extends HasMetadata> T one(List<HasMetadata> all, Class<T> kind) {
		List<T> found = ofKind(all, kind);
		assertThat(found).as(kind.getSimpleName()).hasSize(1);
		return found.get(0);
	}

	private static <T extends HasMetadata> T named(List<HasMetadata> all, Class<T> kind, String name) {
		return ofKind(all, kind).stream().filter(r -> name(r).equals(name)).findFirst()
			.orElseThrow(() -> new AssertionError("no " + kind.getSimpleName() + " " + name));
	}

	private static String name(HasMetadata resource) {
		return resource.getMetadata().getName();
	}

	private static long seconds(Object duration) {
		String text = duration.toString();
		assertThat(text).endsWith("s");
		return Long.parseLong(text.substring(0, text.length() - 1));
	}

	@SuppressWarnings("unchecked")
	private static Object path(Map<String, Object> yaml, String... keys) {
		Object node = yaml;
		for (String key : keys) {
			node = ((Map<String, Object>) node).get(key);
		}
		return node;
	}

	private static Map<String, Object> applicationYaml() throws IOException {
		try (InputStream in = Files.newInputStream(Path.of("src", "main", "resources", "application.yml"))) {
			return new Yaml().load(in);
		}
	}

	private static List<HasMetadata> resources() throws IOException {
		List<HasMetadata> all = new ArrayList<>();
		try (Stream<Path> files = Files.list(K8S)) {
			for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
				try (InputStream in = Files.newInputStream(file)) {
					Object parsed = Serialization.unmarshal(in);
					if (parsed instanceof List<?> list) {
						list.forEach(r -> all.add((HasMetadata) r));
					}
					else {
						all.add((HasMetadata) parsed);
					}
				}
			}
		}
		return all;
	}

}
