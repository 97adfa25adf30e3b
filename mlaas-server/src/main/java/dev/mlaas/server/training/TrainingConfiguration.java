package dev.mlaas.server.training;

import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/**
 * The training queue: db-scheduler keeps queued and running jobs in the database, so any replica can pick a job
 * and a job whose replica died is revived by another (or by the same one after a restart).
 */
@Configuration(proxyBeanMethods = false)
class TrainingConfiguration {

	@Bean
	OneTimeTask<Long> trainingTask(@Lazy TrainingWorker worker) {
		return Tasks.oneTime("train-model", Long.class)
			.onDeadExecutionRevive()
			.execute((instance, context) -> worker.run(instance.getData()));
	}

}
