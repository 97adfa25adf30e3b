package dev.mlaas.server.common.web;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;

import dev.mlaas.server.ApiTest;

import static org.assertj.core.api.Assertions.assertThat;

@ApiTest
class TomcatBuffersTests {

	@Autowired
	ServletWebServerApplicationContext context;

	@Test
	void theConnectorReadsRequestBodiesThrough64KbInsteadOf8Kb() {
		TomcatWebServer server = (TomcatWebServer) this.context.getWebServer();
		Object size = server.getTomcat().getConnector().getProperty("socket.appReadBufSize");
		assertThat(size).hasToString("65536");
	}

}
