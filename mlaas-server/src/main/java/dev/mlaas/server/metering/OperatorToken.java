package dev.mlaas.server.metering;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The operator's token ({@code mlaas.admin.token}), which authorizes {@code /admin} and the Prometheus scrape. Only
 * its SHA-256 is kept, and a presented token is compared in constant time.
 */
@Component
class OperatorToken {

	private final byte[] hash;

	OperatorToken(@Value("${mlaas.admin.token:}") String token) {
		this.hash = token.isBlank() ? null : sha256(token);
	}

	/** Whether the operator's side is on at all. */
	boolean configured() {
		return this.hash != null;
	}

	/** Whether an {@code Authorization} header carries the token as a bearer token. */
	boolean presentedIn(String authorization) {
		String presented = (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7))
				? authorization.substring(7).strip() : "";
		return this.hash != null && MessageDigest.isEqual(sha256(presented), this.hash);
	}

	private static byte[] sha256(String value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every JDK", ex);
		}
	}

}
