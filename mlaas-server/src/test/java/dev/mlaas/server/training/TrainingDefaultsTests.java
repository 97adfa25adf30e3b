package dev.mlaas.server.training;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class TrainingDefaultsTests {

	@Test
	void concurrentJobsDefaultToTheCoreCount() {
		StandardEnvironment environment = new StandardEnvironment();
		new TrainingDefaults().postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("mlaas.training.concurrent-jobs", Integer.class))
			.isEqualTo(Runtime.getRuntime().availableProcessors());
	}

	@Test
	void aConfiguredConcurrencyWins() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("config", Map.of("mlaas.training.concurrent-jobs", 7)));
		new TrainingDefaults().postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("mlaas.training.concurrent-jobs", Integer.class)).isEqualTo(7);
	}

}
