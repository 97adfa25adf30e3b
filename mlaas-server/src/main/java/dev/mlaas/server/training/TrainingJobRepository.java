package dev.mlaas.server.training;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface TrainingJobRepository extends JpaRepository<TrainingJobEntity, Long> {

	List<TrainingJobEntity> findByOwnerIdOrderById(Long ownerId);

	long countByOwnerIdAndStatusIn(Long ownerId, java.util.Collection<JobStatus> statuses);

	long countByStatus(JobStatus status);

	/** Locks the account's row until the transaction ends (a no-op update takes the row lock on both databases). */
	@org.springframework.data.jpa.repository.Modifying
	@org.springframework.data.jpa.repository.Query(value = "update account set id = id where id = :accountId",
			nativeQuery = true)
	int lockAccount(@org.springframework.data.repository.query.Param("accountId") long accountId);

	/**
	 * Cancels a job unless it has ended, in one statement, so that it cannot race its worker's own updates; bumps
	 * the version so that a worker holding the job as it was cannot write over the cancellation.
	 */
	@Modifying(clearAutomatically = true)
	@Query("update TrainingJobEntity j set j.status = dev.mlaas.server.training.JobStatus.CANCELLED, "
			+ "j.error = 'Cancelled by its owner.', j.finishedAt = :now, j.version = j.version + 1 "
			+ "where j.id = :id and j.status in (dev.mlaas.server.training.JobStatus.QUEUED, "
			+ "dev.mlaas.server.training.JobStatus.RUNNING)")
	int cancel(long id, java.time.Instant now);

	@Modifying
	@Query("update TrainingJobEntity j set j.epochsDone = :epoch where j.id = :id and j.status = dev.mlaas.server.training.JobStatus.RUNNING")
	int updateProgress(long id, int epoch);

}
