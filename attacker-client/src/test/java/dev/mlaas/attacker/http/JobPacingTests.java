package dev.mlaas.attacker.http;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JobPacingTests {

	private static final long MS = 1_000_000;

	private final JobPacing pacing = new JobPacing();

	@Test
	void withoutTwoReportsOfProgressItWaitsTheFixedInterval() {
		assertThat(this.pacing.next(0, 0, 50)).isEqualTo(JobPacing.WITHOUT_RATE);
		assertThat(this.pacing.next(30 * MS, 0, 50)).isEqualTo(JobPacing.WITHOUT_RATE);
	}

	@Test
	void itWaitsHalfOfTheTimeTheJobStillNeedsAtItsRateSoFar() {
		this.pacing.next(0, 32, 50);

		// 8 epochs in 400 ms: 50 ms an epoch, 10 epochs left, 500 ms left
		Duration wait = this.pacing.next(400 * MS, 40, 50);

		assertThat(wait).isEqualTo(Duration.ofMillis(250));
		assertThat(this.pacing.next(450 * MS, 41, 50)).isEqualTo(Duration.ofNanos(9 * 50 * MS / 2));
	}

	@Test
	void farFromTheEndItReadsAFewTimesASecondAndNearItEveryFewMilliseconds() {
		this.pacing.next(0, 0, 50);

		assertThat(this.pacing.next(1000 * MS, 1, 50)).isEqualTo(JobPacing.LONGEST);
		assertThat(this.pacing.next(49_000 * MS, 49, 50)).isEqualTo(JobPacing.LONGEST);
		assertThat(this.pacing.next(50_000 * MS, 50, 50)).isEqualTo(JobPacing.SHORTEST);
	}

	@Test
	void aJobThatStartedOverIsPacedFromItsNewProgress() {
		this.pacing.next(0, 30, 50);
		this.pacing.next(100 * MS, 40, 50);

		assertThat(this.pacing.next(200 * MS, 0, 50)).isEqualTo(JobPacing.WITHOUT_RATE);
		// 45 epochs in 100 ms since the restart, 5 left: 11.1 ms left (from the first start it would be 100 ms)
		assertThat(this.pacing.next(300 * MS, 45, 50)).isEqualTo(Duration.ofNanos(100 * MS * 5 / 45 / 2));
	}

}
