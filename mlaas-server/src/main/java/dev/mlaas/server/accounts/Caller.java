package dev.mlaas.server.accounts;

/**
 * Who is calling: the account and the API key the request was authenticated with. Controllers take it as a method
 * parameter; it is resolved from the {@code Authorization} header by {@link ApiKeyInterceptor}.
 */
public record Caller(long accountId, long apiKeyId) {

	/** The request attribute an authenticated request's caller is kept in. */
	public static final String REQUEST_ATTRIBUTE = Caller.class.getName();

}
