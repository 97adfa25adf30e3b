package dev.mlaas.server.accounts;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An API key as stored: its public prefix and the SHA-256 of the whole key, never the key itself. */
@Entity
@Table(name = "api_key")
class ApiKeyEntity {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	private Long accountId;

	private String prefix;

	private byte[] secretHash;

	private Instant createdAt;

	private Instant revokedAt;

	protected ApiKeyEntity() {
	}

	ApiKeyEntity(Long accountId, String prefix, byte[] secretHash, Instant createdAt) {
		this.accountId = accountId;
		this.prefix = prefix;
		this.secretHash = secretHash;
		this.createdAt = createdAt;
	}

	Long getId() {
		return this.id;
	}

	Long getAccountId() {
		return this.accountId;
	}

	String getPrefix() {
		return this.prefix;
	}

	byte[] getSecretHash() {
		return this.secretHash;
	}

	Instant getCreatedAt() {
		return this.createdAt;
	}

	Instant getRevokedAt() {
		return this.revokedAt;
	}

	boolean isRevoked() {
		return this.revokedAt != null;
	}

	void revoke(Instant when) {
		if (this.revokedAt == null) {
			this.revokedAt = when;
		}
	}

}
