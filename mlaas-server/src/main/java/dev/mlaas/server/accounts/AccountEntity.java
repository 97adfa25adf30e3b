package dev.mlaas.server.accounts;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An account: the owner of API keys, datasets, jobs and models. */
@Entity
@Table(name = "account")
class AccountEntity {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	private String name;

	private Instant createdAt;

	protected AccountEntity() {
	}

	AccountEntity(String name, Instant createdAt) {
		this.name = name;
		this.createdAt = createdAt;
	}

	Long getId() {
		return this.id;
	}

	String getName() {
		return this.name;
	}

	Instant getCreatedAt() {
		return this.createdAt;
	}

}
