package dev.mlaas.server.datasets;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

interface DatasetRepository extends JpaRepository<DatasetEntity, Long> {

	List<DatasetEntity> findByOwnerIdOrderById(Long ownerId);

	Optional<DatasetEntity> findByIdAndOwnerId(Long id, Long ownerId);

}
