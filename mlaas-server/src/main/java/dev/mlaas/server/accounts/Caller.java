package dev.mlaas.server.accounts;

/**
 * Who is calling: the account and the API key the request was authenticated with. Controllers take it as a method
 * parameter; it is resolved from the {@code Authorization} header by {@link ApiKeyInterceptor}.
 */
public record Caller(long accountId, long apiKeyId) {

}
