package dev.mlaas.server.accounts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
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

	private final ApplicationEventPublisher events;

	/**
	 * Keys seen in the last {@code mlaas.lookup-cache.ttl}, by prefix: the predict path then skips a database
	 * round trip per request. A revocation takes effect at once on the replica that revokes and within the TTL on
	 * the others. Only stored keys are cached, so made-up prefixes cannot fill it.
	 */
	private final Cache<String, StoredKey> recent;

	ApiKeyService(AccountRepository accounts, ApiKeyRepository keys, Clock clock, ApplicationEventPublisher events,
			@Value("${mlaas.lookup-cache.ttl}") Duration ttl) {
		this.accounts = accounts;
		this.keys = keys;
		this.clock = clock;
		this.events = events;
		this.recent = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(100_000).build();
	}

	@Transactional
	IssuedKey createAccount(String name) {
		AccountEntity account = this.accounts.save(new AccountEntity(name, this.clock.instant()));
		this.events.publishEvent(new AccountCreated(account.getId()));
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
	public Optional<Caller> authenticate(String presentedKey) {
		if (presentedKey == null || !presentedKey.startsWith(SCHEME)) {
			return Optional.empty();
		}
		int end = presentedKey.indexOf('_', SCHEME.length());
		if (end < 0) {
			return Optional.empty();
		}
		String prefix = presentedKey.substring(SCHEME.length(), end);
		StoredKey stored = this.recent.getIfPresent(prefix);
		if (stored == null) {
			stored = this.keys.findByPrefix(prefix).map(StoredKey::of).orElse(null);
			if (stored != null) {
				this.recent.put(prefix, stored);
			}
		}
		// hash even when nothing matched, so the answer takes the same time either way
		byte[] presentedHash = sha256(presentedKey);
		byte[] storedHash = (stored != null) ? stored.secretHash() : new byte[presentedHash.length];
		boolean matches = MessageDigest.isEqual(presentedHash, storedHash);
		return (stored != null && matches && !stored.revoked()) ? Optional.of(stored.caller()) : Optional.empty();
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
		this.recent.invalidate(key.getPrefix());
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

	/** What authentication needs of a stored key. */
	private record StoredKey(byte[] secretHash, Caller caller, boolean revoked) {

		static StoredKey of(ApiKeyEntity key) {
			return new StoredKey(key.getSecretHash(), new Caller(key.getAccountId(), key.getId()), key.isRevoked());
		}

	}

	/** A newly issued key: the only moment the whole key exists outside the caller's hands. */
	record IssuedKey(long accountId, long keyId, String prefix, String key, java.time.Instant createdAt) {
	}

}
