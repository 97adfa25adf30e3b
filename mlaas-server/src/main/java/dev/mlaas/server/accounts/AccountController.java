package dev.mlaas.server.accounts;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Instant;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Sign-up, and the caller's own API keys: list (by prefix only), issue, revoke. */
@RestController
@Tag(name = "Accounts and keys", description = "Sign up, and the account's API keys (stored hashed; a key is shown once, when issued)")
class AccountController {

	private final ApiKeyService keys;

	AccountController(ApiKeyService keys) {
		this.keys = keys;
	}

	@Operation(summary = "Sign up: a new account and its first API key, shown once")
	// no key: one is what signing up gives
	@SecurityRequirements
	@PostMapping("/accounts")
	ResponseEntity<NewKeyResponse> createAccount(@Valid @RequestBody CreateAccountRequest request) {
		ApiKeyService.IssuedKey issued = this.keys.createAccount(request.name().strip());
		return ResponseEntity.created(URI.create("/keys/" + issued.keyId())).body(NewKeyResponse.of(issued));
	}

	@Operation(summary = "The account's API keys, by prefix")
	@GetMapping("/keys")
	List<KeyResponse> listKeys(Caller caller) {
		return this.keys.keysOf(caller.accountId()).stream().map(key -> KeyResponse.of(key, caller)).toList();
	}

	@Operation(summary = "Issue another API key, shown once")
	@PostMapping("/keys")
	@ResponseStatus(HttpStatus.CREATED)
	NewKeyResponse issueKey(Caller caller) {
		return NewKeyResponse.of(this.keys.issueKey(caller.accountId()));
	}

	@Operation(summary = "Revoke an API key")
	@DeleteMapping("/keys/{id}")
	KeyResponse revokeKey(Caller caller, @PathVariable long id) {
		return KeyResponse.of(this.keys.revoke(caller.accountId(), id), caller);
	}

	record CreateAccountRequest(@NotBlank @Size(max = 100) String name) {
	}

	/** The only response that ever carries a whole key: it is shown once. */
	record NewKeyResponse(long accountId, long keyId, String prefix, String apiKey, Instant createdAt) {

		static NewKeyResponse of(ApiKeyService.IssuedKey issued) {
			return new NewKeyResponse(issued.accountId(), issued.keyId(), issued.prefix(), issued.key(),
					issued.createdAt());
		}

	}

	record KeyResponse(long keyId, String prefix, Instant createdAt, Instant revokedAt, boolean current) {

		static KeyResponse of(ApiKeyEntity key, Caller caller) {
			return new KeyResponse(key.getId(), key.getPrefix(), key.getCreatedAt(), key.getRevokedAt(),
					key.getId() == caller.apiKeyId());
		}

	}

}
