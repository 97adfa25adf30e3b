package dev.mlaas.server.training;

import java.time.Clock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.mlaas.server.datasets.DatasetInfo;
import dev.mlaas.server.datasets.DatasetService;
import dev.mlaas.server.datasets.Records;
import dev.mlaas.server.models.ModelService;
import dev.mlaas.server.models.NewModel;

/**
 * Runs one queued job to its end. Called by the job queue, which runs it again if the replica running it died; a
 * job that keeps dying is failed after {@code mlaas.training.max-attempts} starts instead of running forever.
 */
@Component
class TrainingWorker {

	private static final Logger log = LoggerFactory.getLogger(TrainingWorker.class);

	private final TrainingJobRepository jobs;

	private final DatasetService datasets;

	private final ModelService models;

	private final TransactionTemplate transactions;

	private final TrainingProperties properties;

	private final ObjectMapper json;

	private final Clock clock;

	TrainingWorker(TrainingJobRepository jobs, DatasetService datasets, ModelService models,
			TransactionTemplate transactions, TrainingProperties properties, ObjectMapper json, Clock clock) {
		this.jobs = jobs;
		this.datasets = datasets;
		this.models = models;
		this.transactions = transactions;
		this.properties = properties;
		this.json = json;
		this.clock = clock;
	}

	void run(long jobId) {
		TrainingJobEntity job = this.transactions.execute(status -> start(jobId));
		if (job == null || job.getStatus() != JobStatus.RUNNING) {
			return;
		}
		int attempt = job.getAttempts();
		try {
			TrainingRecipe recipe = this.json.readValue(job.getRecipe(), TrainingRecipe.class);
			DatasetInfo dataset = this.datasets.get(job.getOwnerId(), job.getDatasetId());
			Records records = this.datasets.records(job.getDatasetId());
			log.info("Training job {}: {} on dataset {} ({} records), {} epochs", jobId, recipe.architecture(),
					dataset.id(), records.size(), recipe.epochs());
			Trained trained = train(jobId, recipe, records, dataset);
			Long modelId = this.transactions.execute(
					status -> finish(jobId, attempt, job, dataset, trained.weights(), trained.trainingAccuracy()));
			if (modelId != null) {
				// the model is still in memory: serve the first queries from it instead of restoring the stored copy
				trained.preload().accept(modelId);
			}
			logFinished(jobId, attempt, trained.trainingAccuracy(), modelId);
		}
		catch (JobEndedException ex) {
			log.info("Training job {} attempt {} stopped: the job ended while it ran (cancelled)", jobId, attempt);
		}
		catch (Throwable ex) {
			log.warn("Training job {} failed", jobId, ex);
			this.transactions.executeWithoutResult(status -> this.jobs.findById(jobId)
				.filter(failed -> failed.isRunningAttempt(attempt))
				.ifPresent(failed -> failed.fail("Training failed inside the service.", this.clock.instant())));
			if (ex instanceof VirtualMachineError error) {
				throw error;
			}
		}
	}

	private Trained train(long jobId, TrainingRecipe recipe, Records records, DatasetInfo dataset) {
		int features = dataset.features();
		int classes = dataset.classes();
		java.util.function.IntConsumer progress = epoch -> {
			Integer updated = this.transactions.execute(s -> this.jobs.updateProgress(jobId, epoch));
			if (updated == null || updated == 0) {
				// no longer RUNNING: cancelled by its owner (or ended by another run of it); stop here
				throw new JobEndedException();
			}
		};
		if (recipe.isTribuo()) {
			TribuoTrainer.Result result = TribuoTrainer.train(recipe, records);
			return new Trained(result.weights(), result.trainingAccuracy(),
					id -> this.models.preload(id, features, classes, result.model()));
		}
		if (recipe.stacking() != null) {
			StackingTrainer.Result result = StackingTrainer.train(recipe, records, classes, this.properties, progress);
			return new Trained(result.weights(), result.trainingAccuracy(),
					id -> this.models.preload(id, features, classes, result.model()));
		}
		Trainer.Result result = Trainer.train(recipe, records, classes, progress);
		return new Trained(result.weights(), result.trainingAccuracy(),
				id -> this.models.preload(id, features, classes, result.network()));
	}

	/** Thrown from a job's progress report when the job is no longer running, to stop its training. */
	private static final class JobEndedException extends RuntimeException {

		JobEndedException() {
			super(null, null, false, false);
		}

	}

	/** A trained model's stored form, its training accuracy, and how to serve it from memory once stored. */
	private record Trained(byte[] weights, double trainingAccuracy, java.util.function.LongConsumer preload) {
	}

	private TrainingJobEntity start(long jobId) {
		TrainingJobEntity job = this.jobs.findById(jobId).orElse(null);
		if (job == null || job.getStatus().isFinished()) {
			return job;
		}
		if (job.getAttempts() >= this.properties.maxAttempts()) {
			job.fail("Training was interrupted " + job.getAttempts() + " times and was given up.",
					this.clock.instant());
			return job;
		}
		job.start(this.clock.instant());
		return job;
	}

	/**
	 * Stores the model and ends the job, returning the model's id, unless another run of the same job (revived
	 * elsewhere while this one was still alive) has ended it or started again since: the attempt number and the
	 * entity's version fence that.
	 */
	private static void logFinished(long jobId, int attempt, double trainingAccuracy, Long modelId) {
		log.info("Training job {} attempt {}: training accuracy {}{}", jobId, attempt, trainingAccuracy,
				(modelId != null) ? "" : "; discarded, another run of the job ended first");
	}

	private Long finish(long jobId, int attempt, TrainingJobEntity job, DatasetInfo dataset, byte[] weights,
			double trainingAccuracy) {
		TrainingJobEntity current = this.jobs.findById(jobId).orElseThrow();
		if (!current.isRunningAttempt(attempt)) {
			return null;
		}
		long modelId = this.models.register(new NewModel(job.getOwnerId(), job.getDatasetId(),
				job.getRequestedArchitecture(), job.getRecipe(), dataset.features(), dataset.classes(),
				dataset.recordShape(), trainingAccuracy, weights));
		current.succeed(modelId, trainingAccuracy, this.clock.instant());
		return modelId;
	}

}
