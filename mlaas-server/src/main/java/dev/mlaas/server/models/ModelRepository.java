package dev.mlaas.server.models;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

interface ModelRepository extends JpaRepository<ModelEntity, Long> {

	List<ModelEntity> findByOwnerIdOrderById(Long ownerId);

}
