package dev.mlaas.server.metering;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code /actuator/prometheus} reveals the whole service's traffic: it answers only the operator's token (Prometheus
 * sends it as {@code authorization: credentials}), and 404 when no token is configured.
 */
@Component
class ScrapeAuthorizationFilter extends OncePerRequestFilter {

	private final OperatorToken operator;

	ScrapeAuthorizationFilter(OperatorToken operator) {
		this.operator = operator;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !request.getRequestURI().startsWith("/actuator/prometheus");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!this.operator.configured()) {
			response.sendError(HttpServletResponse.SC_NOT_FOUND);
			return;
		}
		if (!this.operator.presentedIn(request.getHeader(HttpHeaders.AUTHORIZATION))) {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
			response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
			return;
		}
		chain.doFilter(request, response);
	}

}
