package dev.mlaas.server.datasets;

import org.springframework.http.HttpStatus;

import dev.mlaas.server.common.web.ApiException;

/** An upload that cannot be read as a labelled dataset; nothing of it is stored. */
class InvalidDatasetException extends ApiException {

	InvalidDatasetException(String detail) {
		super(HttpStatus.BAD_REQUEST, "dataset-invalid", "Invalid dataset", detail);
	}

	static InvalidDatasetException at(long row, int column, String detail) {
		InvalidDatasetException ex = new InvalidDatasetException("Row " + row + ", column " + column + ": " + detail);
		ex.with("row", row).with("column", column);
		return ex;
	}

}
