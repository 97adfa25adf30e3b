package dev.mlaas.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The simulated machine-learning-as-a-service provider. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class MlaasServerApplication {

	public static void main(String[] args) {
		SpringApplication.run(MlaasServerApplication.class, args);
	}

}
