package dev.mlaas.server.accounts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.mlaas.server.common.web.NotFoundException;

/**
 * Issues, verifies and revokes API keys. A key is {@code mlaas_<prefix>_<secret>}: the prefix finds the stored row,
 * and the SHA-256 of the whole key is compared in constant time. Keys carry 256 random bits, so a fast hash is
 * enough (a slow password hash protects low-entropy secrets, which these are not).
 */
@Service
public class ApiKeyService {

	private static final String SCHEME = "mlaas_";

	private final SecureRandom random = new SecureRandom();

	private final AccountRepository accounts;

	private final ApiKeyRepository keys;

	private final Clock clock;

	ApiKeyService(AccountRepository accounts, ApiKeyRepository keys, Clock clock) {
		this.accounts = accounts;
		this.keys = keys;
		this.clock = clock;
	}

	@Transactional
	IssuedKey createAccount(String name) {
		AccountEntity account = this.accounts.save(new AccountEntity(name, this.clock.instant()));
		return issueKey(account.getId());
	}

	@Transactional
	IssuedKey issueKey(long accountId) {
		byte[] prefixBytes = new byte[6];
		byte[] secretBytes = new byte[32];
		this.random.nextBytes(prefixBytes);
		this.random.nextBytes(secretBytes);
		String prefix = HexFormat.of().formatHex(prefixBytes);
		String key = SCHEME + prefix + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
		ApiKeyEntity entity = this.keys.save(new ApiKeyEntity(accountId, prefix, sha256(key), this.clock.instant()));
		return new IssuedKey(accountId, entity.getId(), prefix, key, entity.getCreatedAt());
	}

	/** The caller a presented key stands for, or empty when the key is malformed, unknown, wrong or revoked. */
	@Transactional(readOnly = true)
	public Optional<Caller> authenticate(String presentedKey) {
		if (presentedKey == null || !presentedKey.startsWith(SCHEME)) {
			return Optional.empty();
		}
		int end = presentedKey.indexOf('_', SCHEME.length());
		if (end < 0) {
			return Optional.empty();
		}
		String prefix = presentedKey.substring(SCHEME.length(), end);
		Optional<ApiKeyEntity> stored = this.keys.findByPrefix(prefix);
		// hash even when nothing matched, so the answer takes the same time either way
		byte[] presentedHash = sha256(presentedKey);
		byte[] storedHash = stored.map(ApiKeyEntity::getSecretHash).orElse(new byte[presentedHash.length]);
		boolean matches = MessageDigest.isEqual(presentedHash, storedHash);
		return stored.filter(key -> matches && !key.isRevoked())
			.map(key -> new Caller(key.getAccountId(), key.getId()));
	}

	@Transactional(readOnly = true)
	List<ApiKeyEntity> keysOf(long accountId) {
		return this.keys.findByAccountIdOrderById(accountId);
	}

	@Transactional
	ApiKeyEntity revoke(long accountId, long keyId) {
		ApiKeyEntity key = this.keys.findById(keyId)
			.filter(k -> k.getAccountId() == accountId)
			.orElseThrow(() -> new NotFoundException("apiKey", keyId));
		key.revoke(this.clock.instant());
		return key;
	}

	private static byte[] sha256(String key) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every JDK", ex);
		}
	}

	/** A newly issued key: the only moment the whole key exists outside the caller's hands. */
	record IssuedKey(long accountId, long keyId, String prefix, String key, java.time.Instant createdAt) {
	}

}
