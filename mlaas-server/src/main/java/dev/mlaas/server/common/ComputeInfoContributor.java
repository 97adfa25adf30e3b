package dev.mlaas.server.common;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.stereotype.Component;

/** Adds {@link ComputeKernels} to {@code GET /actuator/info} as {@code compute}, for reports to record. */
@Component
class ComputeInfoContributor implements InfoContributor {

	private final ComputeKernels kernels = ComputeKernels.current();

	@Override
	public void contribute(Info.Builder builder) {
		builder.withDetail("compute", this.kernels);
	}

}
