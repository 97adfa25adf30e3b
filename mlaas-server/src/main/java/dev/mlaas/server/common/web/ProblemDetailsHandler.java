package dev.mlaas.server.common.web;

import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.lang.Nullable;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one place that turns exceptions into RFC 9457 problem+json. Boot only registers its own handler when there is
 * none, so this also covers Spring MVC's exceptions (unreadable JSON, missing parameters, unknown paths).
 */
@RestControllerAdvice
class ProblemDetailsHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemDetailsHandler.class);

	private final MeterRegistry meters;

	ProblemDetailsHandler(MeterRegistry meters) {
		this.meters = meters;
	}

	@ExceptionHandler(ApiException.class)
	ResponseEntity<ProblemDetail> handleApiException(ApiException ex) {
		if (ex.status() == HttpStatus.TOO_MANY_REQUESTS || ex.status() == HttpStatus.PAYMENT_REQUIRED) {
			// every refusal by a limit (rate, quota, credits, jobs, requests in flight), by the problem's type
			String type = ex.type().toString();
			Counter.builder("mlaas.refusals").tag("type", type.substring(type.lastIndexOf('/') + 1))
				.description("Requests refused by a limit")
				.register(this.meters)
				.increment();
		}
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(ex.status(), ex.getMessage());
		problem.setType(ex.type());
		problem.setTitle(ex.title());
		ex.properties().forEach(problem::setProperty);
		HttpHeaders headers = new HttpHeaders();
		if (ex.status() == HttpStatus.UNAUTHORIZED) {
			headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
		}
		if (ex.retryAfterSeconds() != null) {
			headers.set(HttpHeaders.RETRY_AFTER, Long.toString(ex.retryAfterSeconds()));
		}
		return ResponseEntity.status(ex.status()).headers(headers).body(problem);
	}

	@ExceptionHandler(MultipartException.class)
	ResponseEntity<ProblemDetail> handleBrokenMultipart(MultipartException ex) {
		return ResponseEntity.badRequest()
			.body(problem(HttpStatus.BAD_REQUEST, "unreadable-request", "Unreadable request body",
					"The request is not valid multipart/form-data."));
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> handleUnexpected(Exception ex) {
		log.error("Unexpected error", ex);
		return ResponseEntity.internalServerError()
			.body(problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
					"The service failed to handle this request; nothing was charged."));
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<String> errors = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map(ProblemDetailsHandler::describe)
			.toList();
		ProblemDetail problem = invalidRequest(errors);
		problem.setProperty("errors", errors);
		return ResponseEntity.badRequest().body(problem);
	}

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<String> errors = ex.getAllErrors().stream().map(e -> e.getDefaultMessage()).toList();
		return ResponseEntity.badRequest().body(invalidRequest(errors));
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		// a value a request type's own constructor refused (an output policy's k below 1, say) says why itself
		for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
			if (cause instanceof ApiException refused) {
				return ResponseEntity.status(refused.status()).body(handleApiException(refused).getBody());
			}
		}
		if (ex.getCause() instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
			String field = field(mismatch.getPath());
			ProblemDetail problem = invalidRequest(List.of(field + ": must be " + expected(mismatch.getTargetType())));
			problem.setProperty("field", field);
			return ResponseEntity.badRequest().body(problem);
		}
		return ResponseEntity.badRequest()
			.body(problem(HttpStatus.BAD_REQUEST, "unreadable-request", "Unreadable request body",
					"The request body is missing or cannot be read: send JSON of the expected shape (numbers must be "
							+ "finite JSON numbers), or on /predict an .npy array."));
	}

	@Override
	protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE)
			.body(problem(HttpStatus.PAYLOAD_TOO_LARGE, "upload-too-large", "Upload too large",
					"The upload is larger than the service accepts."));
	}

	@Override
	protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		// Spring's own problems carry a default "about:blank" type; give them ours so clients can switch on it.
		if (body instanceof ProblemDetail problem && "about:blank".equals(String.valueOf(problem.getType()))) {
			problem.setType(ProblemTypes.uri(slug(statusCode)));
		}
		return super.createResponseEntity(body, headers, statusCode, request);
	}

	private static ProblemDetail invalidRequest(List<String> errors) {
		return problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", String.join("; ", errors));
	}

	private static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(ProblemTypes.uri(type));
		problem.setTitle(title);
		return problem;
	}

	private static String slug(HttpStatusCode status) {
		HttpStatus known = HttpStatus.resolve(status.value());
		return (known != null) ? known.name().toLowerCase().replace('_', '-') : "http-" + status.value();
	}

	/** A JSON path as a client writes it: {@code hiddenUnits[1]}, {@code recipe.epochs}. */
	private static String field(List<JsonMappingException.Reference> path) {
		StringBuilder field = new StringBuilder();
		for (JsonMappingException.Reference step : path) {
			if (step.getFieldName() != null) {
				field.append(field.isEmpty() ? "" : ".").append(step.getFieldName());
			}
			else {
				field.append('[').append(step.getIndex()).append(']');
			}
		}
		return field.toString();
	}

	/** What a field of this Java type takes, in JSON's words (no class names in answers). */
	private static String expected(@Nullable Class<?> type) {
		if (type == null) {
			return "of another type";
		}
		if (type == int.class || type == Integer.class || type == long.class || type == Long.class
				|| type == short.class || type == Short.class) {
			return "an integer (a JSON number without a fraction)";
		}
		if (type == double.class || type == Double.class || type == float.class || type == Float.class
				|| Number.class.isAssignableFrom(type)) {
			return "a JSON number";
		}
		if (type == boolean.class || type == Boolean.class) {
			return "true or false";
		}
		if (CharSequence.class.isAssignableFrom(type)) {
			return "a JSON string";
		}
		if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
			return "a JSON array";
		}
		return "a JSON object";
	}

	private static String describe(FieldError error) {
		return error.getField() + ": " + error.getDefaultMessage();
	}

}
