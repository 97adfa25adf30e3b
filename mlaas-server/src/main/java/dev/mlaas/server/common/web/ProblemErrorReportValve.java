package dev.mlaas.server.common.web;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;

/**
 * Tomcat's own error answers (a request it cannot parse: an oversized header, an encoded slash in the path, a bad
 * method token) as problem+json instead of Tomcat's HTML page. Errors that reach the application are
 * {@link ProblemDetailsHandler}'s and {@link ProblemErrorController}'s.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		// as Tomcat's own valve: only errors, only when nothing was written yet, and only once
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		HttpStatus known = HttpStatus.resolve(status);
		String title = (known != null) ? known.getReasonPhrase() : "HTTP " + status;
		String slug = (known != null) ? known.name().toLowerCase().replace('_', '-') : "http-" + status;
		String detail = (status == 400) ? "The request is not valid HTTP, or its headers or path are not accepted."
				: "The server could not answer this request.";
		String body = "{\"type\":\"" + ProblemTypes.uri(slug) + "\",\"title\":\"" + title + "\",\"status\":" + status
				+ ",\"detail\":\"" + detail + "\"}";
		try {
			response.setContentType("application/problem+json");
			response.setCharacterEncoding(StandardCharsets.UTF_8.name());
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write(body);
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// the connection is gone or the response committed: there is no one left to tell
		}
	}

}
