package dev.mlaas.server.training;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface TrainingJobRepository extends JpaRepository<TrainingJobEntity, Long> {

	List<TrainingJobEntity> findByOwnerIdOrderById(Long ownerId);

	@Modifying
	@Query("update TrainingJobEntity j set j.epochsDone = :epoch where j.id = :id and j.status = dev.mlaas.server.training.JobStatus.RUNNING")
	int updateProgress(long id, int epoch);

}
