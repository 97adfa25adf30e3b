package dev.mlaas.server.accounts;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

interface ApiKeyRepository extends JpaRepository<ApiKeyEntity, Long> {

	Optional<ApiKeyEntity> findByPrefix(String prefix);

	List<ApiKeyEntity> findByAccountIdOrderById(Long accountId);

}
