package dev.mlaas.server;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * As {@link ApiTest}, on PostgreSQL ({@link PostgresDatabase}) with the {@code postgres} profile: a subclass of an
 * {@code @ApiTest} class carrying this runs the same tests against the production database.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({ "test", "postgres" })
@ContextConfiguration(initializers = PostgresDatabase.Initializer.class)
public @interface PostgresApiTest {

}
