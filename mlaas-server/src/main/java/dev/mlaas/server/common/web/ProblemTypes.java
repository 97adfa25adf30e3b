package dev.mlaas.server.common.web;

import java.net.URI;

/** Where problem type URIs live, so every feature names its problems the same way. */
public final class ProblemTypes {

	private static final String BASE = "https://mlaas.dev/problems/";

	private ProblemTypes() {
	}

	public static URI uri(String slug) {
		return URI.create(BASE + slug);
	}

}
