package dev.mlaas.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import dev.mlaas.server.common.OneDnn;

/** The simulated machine-learning-as-a-service provider. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class MlaasServerApplication {

	public static void main(String[] args) {
		OneDnn.enable();
		SpringApplication.run(MlaasServerApplication.class, args);
	}

}
