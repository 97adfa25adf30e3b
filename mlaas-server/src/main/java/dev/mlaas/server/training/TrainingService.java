package dev.mlaas.server.training;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.Priority;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.mlaas.server.accounts.Caller;
import dev.mlaas.server.common.web.ApiException;
import dev.mlaas.server.common.web.InvalidRequestException;
import dev.mlaas.server.common.web.NotFoundException;
import dev.mlaas.server.datasets.DatasetInfo;
import dev.mlaas.server.datasets.DatasetService;
import dev.mlaas.server.datasets.DatasetUploads;
import dev.mlaas.server.metering.BillableAction;
import dev.mlaas.server.metering.Ledger;

/**
 * Accepts training jobs: checks the request against the caller's dataset, fixes the recipe (defaults, seed), and
 * stores the job, its queue entry and its ledger row in one transaction.
 */
@Service
class TrainingService {

	private final TrainingJobRepository jobs;

	private final DatasetService datasets;

	private final Ledger ledger;

	private final Scheduler scheduler;

	private final OneTimeTask<Long> trainingTask;

	private final TrainingProperties properties;

	private final ObjectMapper json;

	private final Clock clock;

	private final SecureRandom seeds = new SecureRandom();

	/**
	 * Logistic regression's defaults. Tribuo's own (5 epochs of single records at rate 1.0) reached 0.50 test
	 * accuracy on Purchase-like (2,500 records), these 0.70.
	 */
	static final int LOGISTIC_REGRESSION_EPOCHS = 20;

	static final int LOGISTIC_REGRESSION_BATCH = 10;

	static final double LOGISTIC_REGRESSION_LEARNING_RATE = 0.1;

	static final java.util.Set<JobStatus> UNFINISHED = java.util.EnumSet.of(JobStatus.QUEUED, JobStatus.RUNNING);

	/** What a refused job's {@code Retry-After} says: about one short job's length. */
	private static final long RETRY_AFTER_SECONDS = 10;

	/** The delta epsilon is reported at when the owner names none (science.md: 1e-5, or below 1 over the records). */
	private static final double DEFAULT_DELTA = 1e-5;

	TrainingService(TrainingJobRepository jobs, DatasetService datasets, Ledger ledger, Scheduler scheduler,
			OneTimeTask<Long> trainingTask, TrainingProperties properties, ObjectMapper json, Clock clock) {
		this.jobs = jobs;
		this.datasets = datasets;
		this.ledger = ledger;
		this.scheduler = scheduler;
		this.trainingTask = trainingTask;
		this.properties = properties;
		this.json = json;
		this.clock = clock;
	}

	@Transactional
	JobView submit(Caller caller, TrainRequest request) {
		DatasetInfo dataset = this.datasets.get(caller.accountId(), request.datasetId());
		TrainingRecipe recipe = resolve(request, dataset);
		double work = TrainingWork.of(recipe, dataset.shape(), dataset.records(), dataset.classes());
		if (work > this.properties.maxWork()) {
			throw new InvalidRequestException("training-job-too-large", "Training job too large", String.format(
					java.util.Locale.ROOT, "This job is %.3g units of work (parameters x records x epochs for a "
							+ "network, more with DP-SGD, whose loop is slower) and one job may "
							+ "be at most %.3g: fewer or smaller layers, fewer epochs or fewer records.", work,
					this.properties.maxWork()))
				.with("work", work)
				.with("limit", this.properties.maxWork());
		}
		// one submission of an account at a time, on every replica: the count below and the insert after it are then
		// one step, and simultaneous submissions cannot pass the bound together
		this.jobs.lockAccount(caller.accountId());
		long unfinished = this.jobs.countByOwnerIdAndStatusIn(caller.accountId(), UNFINISHED);
		if (unfinished >= this.properties.maxUnfinishedJobsPerAccount()) {
			throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, "too-many-jobs", "Too many unfinished jobs",
					"This account has " + unfinished + " jobs queued or running, the most one account may have; "
							+ "submit again when some have finished.")
				.with("limit", this.properties.maxUnfinishedJobsPerAccount())
				.retryAfter(RETRY_AFTER_SECONDS);
		}
		String architecture = Objects.requireNonNullElse(request.architecture(), "auto");
		Instant now = this.clock.instant();
		TrainingJobEntity job = this.jobs.save(new TrainingJobEntity(caller.accountId(), dataset.id(), architecture,
				toJson(recipe), recipe.epochs(), now));
		// fair across accounts: among due jobs the scheduler runs the highest priority first, and each account's
		// job queues behind that account's own unfinished ones, so a burst from one account cannot hold back another's
		int priority = (int) Math.max(Short.MIN_VALUE, Priority.MEDIUM - unfinished);
		this.scheduler.scheduleIfNotExists(this.trainingTask.instanceBuilder("job-" + job.getId())
			.data(job.getId())
			.priority(priority)
			.build(), now);
		this.ledger.charge(caller, BillableAction.TRAINING_JOB, job.getId(), 1);
		// the scheduler's own immediate check runs before this transaction commits and cannot see the job yet,
		// which left it waiting for the next poll (up to a second); look again once it is visible
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				TrainingService.this.scheduler.triggerCheckForDueExecutions();
			}
		});
		return JobView.of(job);
	}

	/**
	 * Stores an uploaded dataset and starts a job on it, in one transaction: a job refused (too large, too many)
	 * leaves no dataset and bills no upload.
	 */
	@Transactional
	JobView submit(Caller caller, TrainRequest recipe, DatasetUploads.Upload upload) {
		DatasetInfo dataset = this.datasets.store(caller, upload);
		return submit(caller, recipe.forDataset(dataset.id()));
	}

	@Transactional(readOnly = true)
	JobView get(Caller caller, long jobId) {
		return this.jobs.findById(jobId)
			.filter(job -> job.getOwnerId() == caller.accountId())
			.map(JobView::of)
			.orElseThrow(() -> new NotFoundException("job", jobId));
	}

	/**
	 * Cancels one of the caller's jobs: a queued one never starts; a running one stops at the end of its current
	 * epoch and stores no model. Cancelling a finished job changes nothing (409). The job stays billed.
	 */
	@Transactional
	JobView cancel(Caller caller, long jobId) {
		if (this.jobs.findById(jobId).filter(j -> j.getOwnerId() == caller.accountId()).isEmpty()) {
			throw new NotFoundException("job", jobId);
		}
		if (this.jobs.cancel(jobId, this.clock.instant()) == 0) {
			TrainingJobEntity ended = this.jobs.findById(jobId).orElseThrow();
			throw new ApiException(HttpStatus.CONFLICT, "job-finished", "Job already finished",
					"Job " + jobId + " has already ended (" + ended.getStatus() + "); there is nothing to cancel.")
				.with("status", ended.getStatus().name());
		}
		return JobView.of(this.jobs.findById(jobId).orElseThrow());
	}

	@Transactional(readOnly = true)
	List<JobView> list(Caller caller) {
		return this.jobs.findByOwnerIdOrderById(caller.accountId()).stream().map(JobView::of).toList();
	}

	private TrainingRecipe resolve(TrainRequest request, DatasetInfo dataset) {
		long seed = (request.seed() != null) ? request.seed() : this.seeds.nextLong();
		String architecture = Objects.requireNonNullElse(request.architecture(), "auto");
		if (architecture.equals("auto")) {
			if (request.hasHyperParameters()) {
				throw invalid("With architecture 'auto' the service chooses the hyper-parameters; "
						+ "send only datasetId and optionally seed, or choose 'mlp' or 'cnn'.");
			}
			return TrainingRecipe.serviceDefault(dataset.shape(), seed);
		}
		if (architecture.equals(TrainingRecipe.CNN) && !TrainingRecipe.fitsCnn(dataset.shape())) {
			throw invalid("The 'cnn' architecture needs an image dataset (records of shape HxW, e.g. IDX images, at "
					+ "least " + TrainingRecipe.CNN_MIN_SIDE + "x" + TrainingRecipe.CNN_MIN_SIDE + "); dataset "
					+ dataset.id() + " has records of shape " + dataset.recordShape() + ".");
		}
		if (TrainingRecipe.RANDOM_FOREST.equals(architecture) || TrainingRecipe.LOGISTIC_REGRESSION.equals(architecture)) {
			return resolveTribuo(request, architecture, seed);
		}
		if (request.hasForestSettings()) {
			throw invalid("trees and maxDepth are settings of the 'random-forest' architecture, not of '"
					+ architecture + "'.");
		}
		int epochs = Objects.requireNonNullElse(request.epochs(), 50);
		if (epochs > this.properties.maxEpochs()) {
			throw invalid("epochs may be at most " + this.properties.maxEpochs() + ".").with("limit",
					this.properties.maxEpochs());
		}
		int batchSize = Objects.requireNonNullElse(request.batchSize(), 100);
		boolean stacking = Boolean.TRUE.equals(request.stacking());
		return new TrainingRecipe(architecture, Objects.requireNonNullElse(request.hiddenUnits(), List.of(128)),
				epochs, batchSize, Objects.requireNonNullElse(request.learningRate(), 0.001),
				Objects.requireNonNullElse(request.optimizer(), TrainingRecipe.ADAM),
				Objects.requireNonNullElse(request.l2(), 0.0), seed, request.weightInit(), null, null,
				request.dropout(), dpSgd(request, architecture, dataset, batchSize, epochs, stacking), stacking);
	}

	/** DP-SGD's settings with the privacy they spend, fixed now so the owner sees epsilon with the job. */
	private static DpSgd dpSgd(TrainRequest request, String architecture, DatasetInfo dataset, int batchSize,
			int epochs, boolean stacking) {
		TrainRequest.DpSgdRequest dp = request.dpSgd();
		if (dp == null) {
			return null;
		}
		if (stacking) {
			throw invalid("dpSgd trains a single network ('mlp' or 'cnn'); a stack's forest and combiner cannot "
					+ "take it: choose one defense.");
		}
		if (request.dropout() != null && request.dropout() > 0) {
			throw invalid("dpSgd and dropout cannot be combined: choose one defense.");
		}
		if (batchSize > dataset.records()) {
			throw invalid("With dpSgd the batch size (" + batchSize + ") must not exceed the dataset's "
					+ dataset.records() + " records: it is the expected size of each Poisson sample.");
		}
		double delta = (dp.delta() != null) ? dp.delta() : Math.min(DEFAULT_DELTA, 0.1 / dataset.records());
		if (delta >= 1.0 / dataset.records()) {
			throw invalid("dpSgd's delta must be below 1 / records = " + (1.0 / dataset.records())
					+ " (a delta that large allows publishing a record outright); got " + delta + ".");
		}
		return DpSgd.accounted(dp.noiseMultiplier(), dp.clipNorm(), delta, dataset.records(), batchSize, epochs);
	}

	private TrainingRecipe resolveTribuo(TrainRequest request, String architecture, long seed) {
		if (request.hasNetworkSettings()) {
			throw invalid("hiddenUnits, optimizer, l2, weightInit, dropout, dpSgd and stacking are settings of networks ('mlp', 'cnn'), not of '"
					+ architecture + "'.");
		}
		if (TrainingRecipe.RANDOM_FOREST.equals(architecture)) {
			if (request.epochs() != null || request.batchSize() != null || request.learningRate() != null) {
				throw invalid("A random forest takes trees and maxDepth; epochs, batchSize and learningRate do not "
						+ "apply.");
			}
			int trees = Objects.requireNonNullElse(request.trees(), this.properties.defaultTrees());
			if (trees > this.properties.maxTrees()) {
				throw invalid("trees may be at most " + this.properties.maxTrees() + ".").with("limit",
						this.properties.maxTrees());
			}
			return TrainingRecipe.randomForest(trees,
					Objects.requireNonNullElse(request.maxDepth(), this.properties.defaultMaxDepth()), seed);
		}
		if (request.hasForestSettings()) {
			throw invalid("trees and maxDepth are settings of the 'random-forest' architecture, not of '"
					+ architecture + "'.");
		}
		int epochs = Objects.requireNonNullElse(request.epochs(), LOGISTIC_REGRESSION_EPOCHS);
		if (epochs > this.properties.maxEpochs()) {
			throw invalid("epochs may be at most " + this.properties.maxEpochs() + ".").with("limit",
					this.properties.maxEpochs());
		}
		return TrainingRecipe.logisticRegression(epochs, Objects.requireNonNullElse(request.batchSize(), LOGISTIC_REGRESSION_BATCH),
				Objects.requireNonNullElse(request.learningRate(), LOGISTIC_REGRESSION_LEARNING_RATE), seed);
	}

	private static InvalidRequestException invalid(String detail) {
		return new InvalidRequestException("training-request-invalid", "Invalid training request", detail);
	}

	private String toJson(TrainingRecipe recipe) {
		try {
			return this.json.writeValueAsString(recipe);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
