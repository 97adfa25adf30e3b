package dev.mlaas.server.training;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Defaults that depend on the machine: as many concurrent training jobs as cores (each job's native math runs on
 * one thread), unless {@code mlaas.training.concurrent-jobs} is set. Added last, so any other source wins.
 */
class TrainingDefaults implements EnvironmentPostProcessor {

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		environment.getPropertySources()
			.addLast(new MapPropertySource("mlaasMachineDefaults",
					Map.of("mlaas.training.concurrent-jobs", Runtime.getRuntime().availableProcessors())));
	}

}
