package dev.mlaas.server.datasets;

import java.time.Clock;
import java.util.List;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.mlaas.server.accounts.Caller;
import dev.mlaas.server.common.web.NotFoundException;
import dev.mlaas.server.metering.BillableAction;
import dev.mlaas.server.metering.Ledger;

/**
 * Stores validated datasets and hands them to their owner only. The public methods are the feature's facade for
 * training: metadata to check a request, records to train on.
 */
@Service
public class DatasetService {

	private final DatasetRepository datasets;

	private final DatasetContentRepository contents;

	private final Ledger ledger;

	private final Clock clock;

	DatasetService(DatasetRepository datasets, DatasetContentRepository contents, Ledger ledger, Clock clock) {
		this.datasets = datasets;
		this.contents = contents;
		this.ledger = ledger;
		this.clock = clock;
	}

	/** Stores an upload and charges it, in the caller's transaction if there is one. */
	@Transactional
	public DatasetInfo store(Caller caller, DatasetUploads.Upload upload) {
		byte[] content = DatasetCodec.encode(upload.records());
		DatasetEntity dataset = this.datasets.save(new DatasetEntity(caller.accountId(), upload.name(),
				upload.format(), upload.records(), content.length, this.clock.instant()));
		this.contents.save(new DatasetContentEntity(dataset.getId(), content));
		this.ledger.charge(caller, BillableAction.UPLOAD, dataset.getId(), 1);
		return DatasetInfo.of(dataset);
	}

	@Transactional(readOnly = true)
	List<DatasetInfo> list(long ownerId) {
		return this.datasets.findByOwnerIdOrderById(ownerId).stream().map(DatasetInfo::of).toList();
	}

	/** The metadata of one of the owner's datasets; 404 for anyone else's. */
	@Transactional(readOnly = true)
	public DatasetInfo get(long ownerId, long datasetId) {
		return this.datasets.findByIdAndOwnerId(datasetId, ownerId)
			.map(DatasetInfo::of)
			.orElseThrow(() -> new NotFoundException("dataset", datasetId));
	}

	/** The records of a dataset, for the training worker (which has already checked ownership). */
	@Transactional(readOnly = true)
	public Records records(long datasetId) {
		return this.contents.findById(datasetId)
			.map(content -> DatasetCodec.decode(content.getContent()))
			.orElseThrow(() -> new NotFoundException("dataset", datasetId));
	}

}
