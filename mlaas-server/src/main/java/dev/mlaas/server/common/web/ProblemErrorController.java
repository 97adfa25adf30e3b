package dev.mlaas.server.common.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The servlet container's error page ({@code /error}, where errors raised outside Spring MVC's handlers land) as
 * problem+json, in place of Boot's default body. Asked for directly, {@code /error} is a path with nothing behind
 * it: 404.
 */
// the servlet container's error page, not an operation of the API
@io.swagger.v3.oas.annotations.Hidden
@RestController
class ProblemErrorController implements ErrorController {

	@RequestMapping(path = "/error", produces = MediaType.APPLICATION_PROBLEM_JSON_VALUE)
	ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		HttpStatus status = (code instanceof Integer value) ? HttpStatus.resolve(value) : null;
		if (status == null || !status.isError()) {
			status = HttpStatus.NOT_FOUND;
		}
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status,
				status.is5xxServerError() ? "The service failed to handle this request; nothing was charged."
						: "The request was refused: " + status.getReasonPhrase() + ".");
		problem.setType(ProblemTypes.uri(status.name().toLowerCase().replace('_', '-')));
		problem.setTitle(status.getReasonPhrase());
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

}
